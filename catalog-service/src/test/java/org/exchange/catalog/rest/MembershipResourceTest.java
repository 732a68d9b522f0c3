package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.catalog.Fixtures.members;
import static org.exchange.catalog.Fixtures.newProvider;
import static org.exchange.catalog.Fixtures.publish;
import static org.exchange.catalog.Fixtures.rows;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.Fixtures;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Declaring and removing the subjects of a dataset, in batches. */
@QuarkusTest
class MembershipResourceTest {

    @Inject
    Pool db;

    static List<String> subjects(int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("m-" + run + "-" + String.format("%05d", i));
        }
        return ids;
    }

    long recordsOf(String datasetId) {
        return Rows.count(db, "SELECT coalesce(sum(records), 0) FROM dataset_member WHERE dataset_id = $1",
                UUID.fromString(datasetId));
    }

    @Test
    void aBatchIsUpsertedAndReSendingItChangesNothing() {
        String provider = newProvider();
        String id = publish(provider, "Members", List.of("ai-training"));
        List<String> ids = subjects(3);
        List<Map<String, Object>> batch = rows(ids, 10);

        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(batch)
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(200)
                .body("received", equalTo(3)).body("inserted", equalTo(3)).body("updated", equalTo(0))
                .body("unchanged", equalTo(0)).body("members.subjects", equalTo(3))
                .body("members.records", equalTo(30));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(batch)
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(200)
                .body("inserted", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(3))
                .body("members.subjects", equalTo(3)).body("members.records", equalTo(30));

        // one row changes its count, one is new
        List<Map<String, Object>> next = new ArrayList<>(rows(ids.subList(0, 2), 10));
        next.add(Map.of("subjectId", ids.get(2), "records", 25));
        next.add(Map.of("subjectId", "m-extra-" + UUID.randomUUID(), "records", 1));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(next)
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(200)
                .body("inserted", equalTo(1)).body("updated", equalTo(1)).body("unchanged", equalTo(2))
                .body("members.subjects", equalTo(4)).body("members.records", equalTo(46));

        given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + id)
                .then().body("members.subjects", equalTo(4)).body("members.records", equalTo(46));
        assertThat(members(db, id)).isEqualTo(4);
        // membership is not a revision of the dataset's description
        assertThat(Fixtures.revisions(db, id)).isEqualTo(1);
    }

    @Test
    void removalTakesSubjectsOutAndIgnoresStrangers() {
        String provider = newProvider();
        String id = publish(provider, "Removal", List.of("ai-training"));
        List<String> ids = subjects(5);
        Fixtures.declare(provider, id, rows(ids, 2));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(List.of(ids.get(0), ids.get(1), ids.get(1), "never-a-member"))
                .delete("/api/datasets/" + id + "/subjects")
                .then().statusCode(200)
                .body("received", equalTo(4)).body("removed", equalTo(2))
                .body("members.subjects", equalTo(3)).body("members.records", equalTo(6));
        // removing again is harmless
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(List.of(ids.get(0)))
                .delete("/api/datasets/" + id + "/subjects")
                .then().statusCode(200).body("removed", equalTo(0));
        assertThat(members(db, id)).isEqualTo(3);
    }

    @Test
    void theOwnerPagesThroughItsMembersInSubjectOrder() {
        String provider = newProvider();
        String id = publish(provider, "Paging", List.of("ai-training"));
        List<String> ids = subjects(5);
        Fixtures.declare(provider, id, rows(ids, 4));
        given().auth().oauth2(Tokens.provider(provider)).get("/api/datasets/" + id + "/subjects?limit=3")
                .then().statusCode(200)
                .body("members.subjectId", contains(ids.get(0), ids.get(1), ids.get(2)))
                .body("next", equalTo(ids.get(2)));
        given().auth().oauth2(Tokens.provider(provider))
                .get("/api/datasets/" + id + "/subjects?limit=3&after=" + ids.get(2))
                .then().statusCode(200)
                .body("members.subjectId", contains(ids.get(3), ids.get(4)))
                .body("members.records", contains(4, 4))
                .body("next", nullValue());
    }

    @Test
    void badBatchesAreRejectedWholeAndChangeNothing() {
        String provider = newProvider();
        String id = publish(provider, "Strict", List.of("ai-training"));
        List<String> ids = subjects(3);
        Fixtures.declare(provider, id, rows(ids.subList(0, 1), 7));

        String fresh = "m-fresh-" + UUID.randomUUID();
        List<Object> bodies = new ArrayList<>();
        bodies.add(List.of(Map.of("subjectId", fresh, "records", 1), Map.of("subjectId", ids.get(1), "records", -5)));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", 0)));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", 1), Map.of("subjectId", fresh, "records", 2)));
        bodies.add(List.of(Map.of("subjectId", "has spaces", "records", 1)));
        bodies.add(List.of(Map.of("records", 1)));
        bodies.add(List.of(Map.of("subjectId", fresh)));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", "many")));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", 1.5)));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", "7")));
        bodies.add(List.of(Map.of("subjectId", fresh, "records", 10_000_000_000L)));
        bodies.add("[{\"subjectId\": \"" + fresh + "\", \"records\": 99999999999999999999999}]");
        bodies.add("[{\"subjectId\": \"" + fresh + "\", \"records\": 1}");
        bodies.add("{\"subjectId\": \"" + fresh + "\", \"records\": 1}");
        bodies.add("[]");
        bodies.add("[null]");
        bodies.add("");
        for (Object b : bodies) {
            given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(b)
                    .post("/api/datasets/" + id + "/subjects")
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400));
        }
        assertThat(members(db, id)).isEqualTo(1);
        assertThat(recordsOf(id)).isEqualTo(7);
    }

    @Test
    void badRemovalsAreRejectedWholeAndChangeNothing() {
        String provider = newProvider();
        String id = publish(provider, "Strict removal", List.of("ai-training"));
        List<String> ids = subjects(2);
        Fixtures.declare(provider, id, rows(ids, 3));
        Object[] bodies = {List.of(ids.get(0), "has spaces"), "[\"" + ids.get(0) + "\", null]", "[]",
                "[{\"subjectId\": \"" + ids.get(0) + "\"}]", "\"" + ids.get(0) + "\"", "[\"" + ids.get(0) + "\"", ""};
        for (Object b : bodies) {
            given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(b)
                    .delete("/api/datasets/" + id + "/subjects")
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
        }
        assertThat(members(db, id)).isEqualTo(2);
        assertThat(recordsOf(id)).isEqualTo(6);
    }

    @Test
    void problemsNameTheOffendingRows() {
        String provider = newProvider();
        String id = publish(provider, "Named", List.of("ai-training"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(List.of(Map.of("subjectId", "a1", "records", 1), Map.of("subjectId", "a2", "records", -1),
                        Map.of("subjectId", "a1", "records", 3)))
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(400)
                .body("detail", containsString("[1].records must be at least 1"))
                .body("detail", containsString("[2].subjectId repeats the subject of [0]"));
    }

    @Test
    void aBatchOverTenThousandRowsIsRefusedWithAClearProblem() {
        String provider = newProvider();
        String id = publish(provider, "Oversized", List.of("ai-training"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(rows(subjects(10_001), 1))
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("at most 10000 rows per call"));
        List<String> many = subjects(10_001);
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(many)
                .delete("/api/datasets/" + id + "/subjects")
                .then().statusCode(400).body("detail", containsString("at most 10000"));
        assertThat(members(db, id)).isZero();
    }

    @Test
    void aBodyOverTheSizeLimitIs413() {
        String provider = newProvider();
        String id = publish(provider, "Huge", List.of("ai-training"));
        Map<String, Object> row = new HashMap<>();
        row.put("subjectId", "x".repeat(3_000_000));
        row.put("records", 1);
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(List.of(row))
                .post("/api/datasets/" + id + "/subjects").then().statusCode(413);
        assertThat(members(db, id)).isZero();
    }

    @Test
    void aWithdrawnDatasetTakesNoNewMembersButMayShedThem() {
        String provider = newProvider();
        String id = publish(provider, "Closed", List.of("ai-training"));
        List<String> ids = subjects(2);
        Fixtures.declare(provider, id, rows(ids.subList(0, 1), 3));
        given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(rows(ids.subList(1, 2), 3)).post("/api/datasets/" + id + "/subjects")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(members(db, id)).isEqualTo(1);
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(List.of(ids.get(0)))
                .delete("/api/datasets/" + id + "/subjects").then().statusCode(200).body("removed", equalTo(1));
        assertThat(members(db, id)).isZero();
    }

    @Test
    void unknownDatasetIsNotFound() {
        given().auth().oauth2(Tokens.provider(newProvider())).contentType(ContentType.JSON)
                .body(rows(subjects(1), 1)).post("/api/datasets/" + UUID.randomUUID() + "/subjects")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.provider(newProvider())).get("/api/datasets/" + UUID.randomUUID() + "/subjects")
                .then().statusCode(404).body("members", nullValue());
        given().auth().oauth2(Tokens.provider(newProvider())).get("/api/datasets/x/subjects?limit=0")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.provider(newProvider())).get("/api/datasets/x/subjects?limit=many")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void overlappingBatchesSentAtOnceAllSucceedAndConverge() throws Exception {
        String provider = newProvider();
        String id = publish(provider, "Concurrent", List.of("ai-training"));
        List<String> ids = subjects(2_000);
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<String> order = new ArrayList<>(ids);
            java.util.Collections.shuffle(order, new java.util.Random(i));
            batches.add(rows(order, 5));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
            for (List<Map<String, Object>> batch : batches) {
                sent.add(pool.submit(() -> given().auth().oauth2(Tokens.provider(provider))
                        .contentType(ContentType.JSON).body(batch).post("/api/datasets/" + id + "/subjects")
                        .then().extract().statusCode()));
            }
            // removals of half of them race the upserts too
            sent.add(pool.submit(() -> given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                    .body(ids.subList(0, 1_000)).delete("/api/datasets/" + id + "/subjects")
                    .then().extract().statusCode()));
            for (var f : sent) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        // whichever order the race took: the 1,000 never removed are all there, nobody twice
        assertThat(members(db, id)).isBetween(1_000L, 2_000L);
        assertThat(recordsOf(id)).isEqualTo(5 * members(db, id));
        Fixtures.declare(provider, id, rows(ids, 5));
        assertThat(members(db, id)).isEqualTo(2_000);
        assertThat(recordsOf(id)).isEqualTo(10_000);
    }

    @Test
    void listedMembersMatchWhatWasDeclared() {
        String provider = newProvider();
        String id = publish(provider, "Listed", List.of("ai-training"));
        Fixtures.declare(provider, id, rows(subjects(2), 9));
        given().auth().oauth2(Tokens.provider(provider)).get("/api/datasets/" + id + "/subjects")
                .then().body("members", hasSize(2)).body("members.records", contains(9, 9));
    }
}
