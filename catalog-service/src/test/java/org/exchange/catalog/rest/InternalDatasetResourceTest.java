package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.catalog.Fixtures.newProvider;
import static org.exchange.catalog.Fixtures.publish;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.exchange.catalog.Fixtures;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** The internal API pricing-service calls: a dataset's facts and its members, keyset-paged. */
@QuarkusTest
class InternalDatasetResourceTest {

    static final String SERVICE = Tokens.service("pricing-service");

    @Test
    void factsNameOwnerRevisionStatusAndPurposes() {
        String provider = newProvider();
        String id = publish(provider, "Facts", List.of("ai-training", "public-health"));
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("providerId", equalTo(provider))
                .body("revision", equalTo(1))
                .body("status", equalTo("PUBLISHED"))
                .body("allowedPurposes", contains("ai-training", "public-health"));
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(SERVICE).get("/internal/datasets/nope").then().statusCode(404);
    }

    @Test
    void membersComeInSubjectOrderAndEveryPageLinksToTheNextUntilNull() {
        String provider = newProvider();
        String id = publish(provider, "Walk", List.of("ai-training"));
        // ids in random order and mixed case: the order is byte-wise, the same for every client
        Random random = new Random(42);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            String s = (random.nextBoolean() ? "S" : "s") + "-" + UUID.randomUUID();
            expected.add(s);
            rows.add(Map.of("subjectId", s, "records", i + 1));
        }
        Fixtures.declare(provider, id, rows);
        expected.sort(String::compareTo);

        List<String> walked = new ArrayList<>();
        long records = 0;
        String after = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(SERVICE).queryParam("limit", 50);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/internal/datasets/" + id + "/members").then().statusCode(200)
                    .extract().jsonPath();
            walked.addAll(page.getList("members.subjectId"));
            for (Object r : page.getList("members.records")) {
                records += ((Number) r).longValue();
            }
            after = page.getString("next");
            pages++;
        } while (after != null);
        assertThat(walked).containsExactlyElementsOf(expected);
        assertThat(records).isEqualTo(257L * 258 / 2);
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void anExactlyFullLastPageSaysThereIsNoNext() {
        String provider = newProvider();
        String id = publish(provider, "Exact", List.of("ai-training"));
        Fixtures.declare(provider, id, Fixtures.rows(List.of("a", "b", "c", "d"), 1));
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + id + "/members?limit=2")
                .then().body("members.subjectId", contains("a", "b")).body("next", equalTo("b"));
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + id + "/members?limit=2&after=b")
                .then().body("members.subjectId", contains("c", "d")).body("next", nullValue());
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + id + "/members?after=d")
                .then().statusCode(200).body("members", hasSize(0)).body("next", nullValue());
    }

    @Test
    void limitOutsideOneTo50000IsRejectedAndUnknownDatasetIs404() {
        String id = publish(newProvider(), "Limits", List.of("ai-training"));
        for (String limit : new String[]{"0", "-1", "50001"}) {
            given().auth().oauth2(SERVICE).get("/internal/datasets/" + id + "/members?limit=" + limit)
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + id + "/members?limit=50000").then().statusCode(200);
        given().auth().oauth2(SERVICE).get("/internal/datasets/" + UUID.randomUUID() + "/members")
                .then().statusCode(404);
    }
}
