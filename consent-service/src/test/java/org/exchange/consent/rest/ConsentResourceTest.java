package org.exchange.consent.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class ConsentResourceTest {

    @Inject
    Pool db;

    static String newSubject() {
        return "subject-" + UUID.randomUUID();
    }

    public static String grantBody(String purpose) {
        return """
                {"providerId": "acme-health", "purpose": "%s", "dataCategories": ["health-records", "steps"],
                 "minPricePerRecord": 5}""".formatted(purpose);
    }

    public static String grant(String subject, String body) {
        return given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON).body(body)
                .post("/api/consents")
                .then().statusCode(201)
                .body("status", equalTo("GIVEN"))
                .extract().path("id");
    }

    long consentsOf(String subject) {
        return Rows.count(db, "SELECT count(*) FROM consent WHERE subject_id = $1", subject);
    }

    long eventsOf(String subject) {
        return Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1", subject);
    }

    @Test
    void grantedConsentIsListedReadableAndHasAHistory() {
        String subject = newSubject();
        String id = grant(subject, grantBody("ai-training"));

        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].providerId", equalTo("acme-health"))
                .body("items[0].subjectId", equalTo(subject));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id)
                .then().statusCode(200)
                .body("purpose", equalTo("ai-training"))
                .body("dataCategories", hasSize(2))
                .body("minPricePerRecord", equalTo(5))
                .body("version", equalTo(1));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/history")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].action", equalTo("GRANTED"))
                .body("[0].prevHash", equalTo("0".repeat(64)))
                .body("[0].hash", notNullValue());
        assertThat(eventsOf(subject)).isEqualTo(1);
    }

    @Test
    void grantingTheSameScopeAndPurposeAgainSupersedesInsteadOfDuplicating() {
        String subject = newSubject();
        String first = grant(subject, grantBody("ai-training"));
        String second = grant(subject, grantBody("ai-training").replace("\"minPricePerRecord\": 5", "\"minPricePerRecord\": 9"));

        assertThat(second).isEqualTo(first);
        assertThat(consentsOf(subject)).isEqualTo(1);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + first)
                .then().body("version", equalTo(2)).body("minPricePerRecord", equalTo(9));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + first + "/history")
                .then().body("", hasSize(2)).body("[1].action", equalTo("RENEWED"));
    }

    @Test
    void revokingIsOneCallAndIdempotentWithOneEvent() {
        String subject = newSubject();
        String id = grant(subject, grantBody("academic-research"));

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke")
                    .then().statusCode(200).body("status", equalTo("WITHDRAWN")).body("version", equalTo(2));
        }
        assertThat(eventsOf(subject)).isEqualTo(2); // granted + one revoked
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%consent.revoked%'", subject))
                .isEqualTo(1);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?status=WITHDRAWN")
                .then().body("total", equalTo(1));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?status=GIVEN")
                .then().body("total", equalTo(0));
    }

    @Test
    void anotherSubjectsConsentIsNotFoundAndUnchanged() {
        String owner = newSubject();
        String id = grant(owner, grantBody("ai-training"));
        String intruder = Tokens.subject(newSubject());

        given().auth().oauth2(intruder).get("/api/consents/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(intruder).get("/api/consents/" + id + "/history").then().statusCode(404);
        given().auth().oauth2(intruder).post("/api/consents/" + id + "/revoke").then().statusCode(404);
        given().auth().oauth2(intruder).get("/api/consents").then().statusCode(200).body("total", equalTo(0));

        given().auth().oauth2(Tokens.subject(owner)).get("/api/consents/" + id)
                .then().body("status", equalTo("GIVEN")).body("version", equalTo(1));
        assertThat(eventsOf(owner)).isEqualTo(1);
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        String subject = newSubject();
        String[] bodies = {
                grantBody("selling-to-anyone"),                                       // unknown purpose
                "{\"providerId\": \"acme-health\", \"purpose\": \"ai-training\"",         // malformed JSON
                grantBody("ai-training").replace("5", "\"five\""),                    // wrong type
                grantBody("ai-training").replace("5", "-5"),                          // negative reserve
                grantBody("ai-training").replace("5", "99999999999999999999"),        // huge number
                grantBody("ai-training").replace("5", "5.5"),                         // not whole minor units
                grantBody("ai-training").replace("5", "\"5\""),                       // a number as a string
                grantBody("ai-training").replace("\"minPricePerRecord\": 5",
                        "\"expiresAt\": \"" + Instant.now().minusSeconds(60) + "\""),  // expiry in the past
                grantBody("ai-training").replace("\"providerId\": \"acme-health\",", ""),  // no scope
                grantBody("ai-training").replace("\"providerId\": \"acme-health\",",
                        "\"providerId\": \"acme-health\", \"datasetId\": \"d1\","),     // two scopes
                grantBody("ai-training").replace("[\"health-records\", \"steps\"]", "[]"), // no categories
                grantBody("ai-training").replace("steps", "Steps, and more"),         // bad category id
                "[]",
                "",
        };
        for (String body : bodies) {
            given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON).body(body)
                    .post("/api/consents")
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("title", notNullValue());
        }
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?purpose=mind-reading")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?status=MAYBE")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?size=100000")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents?page=first")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        assertThat(consentsOf(subject)).isZero();
        assertThat(eventsOf(subject)).isZero();
    }

    @Test
    void oversizedBodyIs413AndChangesNothing() {
        String subject = newSubject();
        String huge = grantBody("ai-training").replace("steps", "x".repeat(3_000_000));
        given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON).body(huge)
                .post("/api/consents").then().statusCode(413);
        assertThat(consentsOf(subject)).isZero();
    }

    @Test
    void problemBodiesNeverLeakInternals() {
        String body = given().auth().oauth2(Tokens.subject(newSubject())).contentType(ContentType.JSON)
                .body(grantBody("ai-training").replace("5", "\"five\""))
                .post("/api/consents").then().statusCode(400).extract().asString();
        assertThat(body).doesNotContain("Exception").doesNotContain("org.exchange").doesNotContain("jackson");
    }

    @Test
    void onlySubjectsMayUseConsentEndpoints() {
        String subject = newSubject();
        for (String token : new String[]{Tokens.provider(subject), Tokens.consumer(subject), Tokens.auditor(subject)}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(grantBody("ai-training"))
                    .post("/api/consents").then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).get("/api/consents").then().statusCode(403);
        }
        assertThat(consentsOf(subject)).isZero();
    }

    @Test
    void brokenTokensAre401() {
        String subject = newSubject();
        String[] tokens = {
                Tokens.expired(subject, "subject"), Tokens.wrongIssuer(subject, "subject"),
                Tokens.wrongAudience(subject, "subject"), Tokens.signedByAnotherKey(subject, "subject"),
                Tokens.tampered(subject), Tokens.algNone(subject, "subject"), "not-a-jwt"};
        for (String token : tokens) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(grantBody("ai-training"))
                    .post("/api/consents").then().statusCode(401);
            given().auth().oauth2(token).get("/api/consents").then().statusCode(401);
        }
        given().get("/api/consents").then().statusCode(401);
        assertThat(consentsOf(subject)).isZero();
    }

    @Test
    void purposesArePublished() {
        given().get("/api/purposes").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItems("ai-training", "academic-research", "product-analytics",
                        "personalised-advertising"));
    }

    @Test
    void theCorrelationIdComesBackAndIsCreatedWhenMissing() {
        given().auth().oauth2(Tokens.subject(newSubject())).header("X-Request-Id", "trace-42").get("/api/consents")
                .then().statusCode(200).header("X-Request-Id", "trace-42");
        given().auth().oauth2(Tokens.subject(newSubject())).get("/api/consents")
                .then().statusCode(200).header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }
}
