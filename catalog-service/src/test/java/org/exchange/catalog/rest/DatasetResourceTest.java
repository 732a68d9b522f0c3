package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.catalog.Fixtures.body;
import static org.exchange.catalog.Fixtures.events;
import static org.exchange.catalog.Fixtures.newProvider;
import static org.exchange.catalog.Fixtures.publish;
import static org.exchange.catalog.Fixtures.revisions;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Publishing, replacing, withdrawing and the kept revisions of a provider's own datasets. */
@QuarkusTest
class DatasetResourceTest {

    @Inject
    Pool db;

    @Test
    void publishedDatasetIsReadableByEveryRoleAtRevisionOneWithZeroConsent() {
        String provider = newProvider();
        String id = given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(body("Step counts", List.of("ai-training", "academic-research")))
                .post("/api/datasets")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/datasets/"))
                .body("revision", equalTo(1))
                .body("status", equalTo("PUBLISHED"))
                .body("providerId", equalTo(provider))
                .body("schema.day", equalTo("date"))
                .body("members.subjects", equalTo(0))
                .body("consenting.purpose", contains("ai-training", "academic-research"))
                .body("consenting.subjects", contains(0, 0))
                .extract().path("id");

        for (String token : new String[]{Tokens.subject("s-" + UUID.randomUUID()), Tokens.consumer("c1"),
                Tokens.auditor("a1"), Tokens.provider(newProvider())}) {
            given().auth().oauth2(token).get("/api/datasets/" + id)
                    .then().statusCode(200)
                    .body("id", equalTo(id))
                    .body("title", equalTo("Step counts"))
                    .body("categories", contains("steps", "heart-rate"))
                    .body("licenceTerms", notNullValue());
        }
        assertThat(revisions(db, id)).isEqualTo(1);
        assertThat(events(db, id)).isEqualTo(1);
    }

    @Test
    void replacingBumpsTheRevisionAndKeepsEveryRevision() {
        String provider = newProvider();
        String id = publish(provider, "Version one", List.of("ai-training"));
        Map<String, Object> second = body("Version two", List.of("ai-training", "public-health"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(second)
                .put("/api/datasets/" + id)
                .then().statusCode(200)
                .body("revision", equalTo(2))
                .body("title", equalTo("Version two"))
                .body("allowedPurposes", contains("ai-training", "public-health"));
        // the same replacement again is not a change: no revision, no event
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(second)
                .put("/api/datasets/" + id).then().statusCode(200).body("revision", equalTo(2));
        Map<String, Object> third = body("Version two", List.of("ai-training", "public-health"));
        third.put("schema", new LinkedHashMap<>(Map.of("day", "date", "steps", "integer", "heartRate", "integer")));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(third)
                .put("/api/datasets/" + id).then().statusCode(200).body("revision", equalTo(3))
                .body("schema.heartRate", equalTo("integer"));

        given().auth().oauth2(Tokens.provider(provider)).get("/api/datasets/" + id + "/revisions")
                .then().statusCode(200)
                .body("", hasSize(3))
                .body("revision", contains(1, 2, 3))
                .body("change", contains("PUBLISHED", "UPDATED", "UPDATED"))
                .body("title", contains("Version one", "Version two", "Version two"))
                .body("[0].allowedPurposes", contains("ai-training"))
                .body("[2].schema.heartRate", equalTo("integer"));
        assertThat(events(db, id)).isEqualTo(3);
    }

    @Test
    void withdrawingIsIdempotentUnlistsAndFreezesTheDataset() {
        String provider = newProvider();
        String id = publish(provider, "Soon gone", List.of("ai-training"));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                    .then().statusCode(200).body("status", equalTo("WITHDRAWN")).body("revision", equalTo(2));
        }
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(body("Back again", List.of("ai-training")))
                .put("/api/datasets/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.provider(provider)).get("/api/datasets/" + id + "/revisions")
                .then().body("change", contains("PUBLISHED", "WITHDRAWN")).body("[1].status", equalTo("WITHDRAWN"));
        assertThat(events(db, id)).isEqualTo(2);
        assertThat(revisions(db, id)).isEqualTo(2);
    }

    @Test
    void everyChangePutsItsEventInTheOutboxMatchingThePublishedSchema() {
        String provider = newProvider();
        String id = publish(provider, "Evented", List.of("academic-research"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(body("Evented again", List.of("academic-research"))).put("/api/datasets/" + id)
                .then().statusCode(200);
        given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                .then().statusCode(200);

        List<Row> rows = new ArrayList<>();
        db.preparedQuery("SELECT topic, event_key, payload FROM outbox WHERE event_key = $1 ORDER BY id")
                .execute(Tuple.of(id)).await().indefinitely().forEach(rows::add);
        assertThat(rows).hasSize(3);
        List<String> types = new ArrayList<>();
        for (Row r : rows) {
            assertThat(r.getString("topic")).isEqualTo("test.catalog.events");
            String payload = r.getString("payload");
            assertThat(EventSchemas.problems(payload)).as(payload).isEmpty();
            io.vertx.core.json.JsonObject event = new io.vertx.core.json.JsonObject(payload);
            types.add(event.getString("type"));
            assertThat(event.getString("subject")).isEqualTo(id);
            assertThat(event.getJsonObject("data").getString("providerId")).isEqualTo(provider);
        }
        assertThat(types).containsExactly("dataset.published", "dataset.updated", "dataset.withdrawn");
        assertThat(rows).extracting(r -> new io.vertx.core.json.JsonObject(r.getString("payload"))
                .getJsonObject("data").getLong("revision")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anotherProvidersDatasetIsNotFoundOnEveryWriteEndpointAndUnchanged() {
        String owner = newProvider();
        String id = publish(owner, "Mine", List.of("ai-training"));
        String intruder = Tokens.provider(newProvider());

        given().auth().oauth2(intruder).contentType(ContentType.JSON).body(body("Hijacked", List.of("ai-training")))
                .put("/api/datasets/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().auth().oauth2(intruder).post("/api/datasets/" + id + "/withdraw").then().statusCode(404);
        given().auth().oauth2(intruder).get("/api/datasets/" + id + "/revisions").then().statusCode(404);
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body(List.of(Map.of("subjectId", "s1", "records", 3)))
                .post("/api/datasets/" + id + "/subjects").then().statusCode(404);
        given().auth().oauth2(intruder).contentType(ContentType.JSON).body(List.of("s1"))
                .delete("/api/datasets/" + id + "/subjects").then().statusCode(404);
        given().auth().oauth2(intruder).get("/api/datasets/" + id + "/subjects").then().statusCode(404);

        given().auth().oauth2(Tokens.provider(owner)).get("/api/datasets/" + id)
                .then().body("title", equalTo("Mine")).body("revision", equalTo(1)).body("status", equalTo("PUBLISHED"));
        assertThat(revisions(db, id)).isEqualTo(1);
        assertThat(events(db, id)).isEqualTo(1);
        assertThat(org.exchange.catalog.Fixtures.members(db, id)).isZero();
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        String provider = Tokens.provider(newProvider());
        given().auth().oauth2(provider).get("/api/datasets/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(provider).get("/api/datasets/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(provider).post("/api/datasets/not-a-uuid/withdraw").then().statusCode(404);
    }

    @Test
    void badInputIsRejectedWithAProblemAndChangesNothing() {
        String provider = newProvider();
        List<Object> bodies = new ArrayList<>();
        bodies.add(body("Bad purpose", List.of("selling-to-anyone")));                       // unknown purpose
        bodies.add(body("", List.of("ai-training")));                                        // empty title
        bodies.add(body("   ", List.of("ai-training")));                                     // blank title
        bodies.add(body("x".repeat(201), List.of("ai-training")));                          // title too long
        bodies.add(body("No purposes", List.of()));                                          // no purpose
        bodies.add(body("No categories", "d", List.of(), List.of("ai-training")));           // no category
        bodies.add(body("Bad category", "d", List.of("Steps, and more"), List.of("ai-training")));
        bodies.add(body("No description", "", List.of("steps"), List.of("ai-training")));
        Map<String, Object> noSchema = body("No schema", List.of("ai-training"));
        noSchema.put("schema", Map.of());
        bodies.add(noSchema);
        Map<String, Object> badType = body("Bad field type", List.of("ai-training"));
        badType.put("schema", Map.of("day", "calendar"));
        bodies.add(badType);
        Map<String, Object> badField = body("Bad field name", List.of("ai-training"));
        badField.put("schema", Map.of("1 day; drop", "date"));
        bodies.add(badField);
        Map<String, Object> noLicence = body("No licence", List.of("ai-training"));
        noLicence.remove("licenceTerms");
        bodies.add(noLicence);
        Map<String, Object> wrongShape = body("Wrong shape", List.of("ai-training"));
        wrongShape.put("schema", List.of("day"));
        bodies.add(wrongShape);
        bodies.add("{\"title\": \"malformed\"");
        bodies.add("[]");
        bodies.add("");
        for (Object b : bodies) {
            given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(b)
                    .post("/api/datasets")
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("title", notNullValue());
        }
        assertThat(org.exchange.catalog.Fixtures.datasetsOf(db, provider)).isZero();

        // a bad replacement leaves the dataset as it was
        String id = publish(provider, "Keep me", List.of("ai-training"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(body("Keep me", List.of("mind-reading"))).put("/api/datasets/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(body("", List.of("ai-training"))).put("/api/datasets/" + id).then().statusCode(400);
        assertThat(revisions(db, id)).isEqualTo(1);
        assertThat(events(db, id)).isEqualTo(1);
    }

    @Test
    void unknownPurposeNamesTheField() {
        given().auth().oauth2(Tokens.provider(newProvider())).contentType(ContentType.JSON)
                .body(body("Bad purpose", List.of("ai-training", "selling-to-anyone")))
                .post("/api/datasets").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("allowedPurposes"));
    }

    @Test
    void problemBodiesNeverLeakInternals() {
        String body = given().auth().oauth2(Tokens.provider(newProvider())).contentType(ContentType.JSON)
                .body("{\"title\": 5, \"categories\": \"steps\"}")
                .post("/api/datasets").then().statusCode(400).extract().asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("org.exchange").doesNotContain("jackson");
    }
}
