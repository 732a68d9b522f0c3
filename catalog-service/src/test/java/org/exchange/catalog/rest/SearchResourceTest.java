package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.catalog.Fixtures.body;
import static org.exchange.catalog.Fixtures.newProvider;
import static org.exchange.catalog.Fixtures.publish;
import static org.exchange.catalog.Fixtures.rows;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.ConsentEvents;
import org.exchange.catalog.EventDelivery;
import org.exchange.catalog.Fixtures;
import org.exchange.catalog.PricingEvents;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Searching the catalog, and the consenting cohort each dataset shows per purpose. */
@QuarkusTest
class SearchResourceTest {

    @Inject
    EventDelivery deliver;

    @Inject
    Pool db;

    static String word() {
        // a made-up word only this test's datasets contain, so other tests' datasets never match
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    JsonPath search(String query) {
        return given().urlEncodingEnabled(false).auth().oauth2(Tokens.consumer("c")).get("/api/datasets?" + query)
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    @Test
    void freeTextMatchesEveryWordAsAPrefixInTitleOrDescription() {
        String w = word();
        String provider = newProvider();
        String a = publish(provider, body("Wearable steps " + w, "Daily counts", List.of("steps"), List.of("ai-training")));
        String b = publish(provider, body("Sleep diary", "Nightly records " + w + " from wearables",
                List.of("sleep"), List.of("academic-research")));
        publish(provider, body("Unrelated " + word(), "Nothing to see", List.of("steps"), List.of("ai-training")));

        assertThat(search("q=" + w).getList("items.id")).containsExactlyInAnyOrder(a, b);
        assertThat(search("q=" + w + "%20wear").getList("items.id")).containsExactlyInAnyOrder(a, b);
        assertThat(search("q=" + w + "%20sleep").getList("items.id")).containsExactly(b);
        assertThat(search("q=" + w.substring(0, 9)).getList("items.id")).contains(a, b);
        // the title weighs more than the description: the title match ranks first
        assertThat(search("q=" + w).getList("items.id")).containsExactly(a, b);
        assertThat(search("q=" + w + "%20%26%20%7C%20!%3A*").getList("items.id")).containsExactlyInAnyOrder(a, b);
        assertThat(search("q=" + w).getInt("total")).isEqualTo(2);
    }

    @Test
    void categoryAndPurposeFiltersCombineWithText() {
        String w = word();
        String provider = newProvider();
        String steps = publish(provider, body("Steps " + w, "d", List.of("steps", "heart-rate"), List.of("ai-training")));
        String sleep = publish(provider, body("Sleep " + w, "d", List.of("sleep"),
                List.of("ai-training", "public-health")));
        publish(provider, body("Ads " + w, "d", List.of("steps"), List.of("personalised-advertising")));

        assertThat(search("q=" + w + "&category=heart-rate").getList("items.id")).containsExactly(steps);
        assertThat(search("q=" + w + "&purpose=public-health").getList("items.id")).containsExactly(sleep);
        assertThat(search("q=" + w + "&purpose=ai-training&sort=title").getList("items.id"))
                .containsExactly(sleep, steps);
        assertThat(search("q=" + w + "&category=steps&purpose=ai-training").getList("items.id"))
                .containsExactly(steps);
        assertThat(search("q=" + w + "&category=nothing-like-it").getList("items")).isEmpty();
    }

    @Test
    void pagesAreStableAndCoverEveryMatchExactlyOnce() {
        String w = word();
        String provider = newProvider();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // identical titles: only the id tie-break keeps the order stable
            ids.add(publish(provider, body("Same title " + w, List.of("ai-training"))));
        }
        for (String sort : new String[]{"title", "title,desc", "createdAt", "createdAt,asc", "updatedAt",
                "relevance"}) {
            List<String> seen = new ArrayList<>();
            for (int page = 0; page < 3; page++) {
                JsonPath p = search("q=" + w + "&size=3&page=" + page + "&sort=" + sort);
                assertThat(p.getInt("total")).isEqualTo(7);
                assertThat(p.getInt("size")).isEqualTo(3);
                seen.addAll(p.getList("items.id"));
                assertThat(search("q=" + w + "&size=3&page=" + page + "&sort=" + sort).getList("items.id"))
                        .as("the same page twice").isEqualTo(p.getList("items.id"));
            }
            assertThat(seen).as(sort).hasSize(7).containsExactlyInAnyOrderElementsOf(ids);
        }
        assertThat(search("q=" + w + "&size=3&page=3").getList("items")).isEmpty();
    }

    @Test
    void badSearchParametersAre400() {
        for (String query : new String[]{"purpose=mind-reading", "category=Not%20A%20Category", "size=0",
                "size=201", "page=-1", "page=abc", "size=1e3", "page=99999999999", "sort=price", "sort=title,sideways", "sort=relevance", "q=%21%21%21",
                "q=" + "a".repeat(501)}) {
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.consumer("c")).get("/api/datasets?" + query)
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void withdrawnDatasetsAreNotListedButStayReadableByOwnerAndLicenceHolders() {
        String w = word();
        String provider = newProvider();
        String id = publish(provider, body("Withdrawn " + w, List.of("ai-training")));
        String holder = "consumer-" + UUID.randomUUID();
        String refunded = "consumer-" + UUID.randomUUID();
        String purchase = UUID.randomUUID().toString();
        String refundedPurchase = UUID.randomUUID().toString();
        deliver.pricing(PricingEvents.completed(purchase, holder, id));
        // the refund arrives before its purchase: the licence is gone whatever the order
        deliver.pricing(PricingEvents.refunded(refundedPurchase, refunded));
        deliver.pricing(PricingEvents.completed(refundedPurchase, refunded, id));

        given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                .then().statusCode(200);

        assertThat(search("q=" + w).getList("items")).isEmpty();
        assertThat(search("q=" + w).getInt("total")).isZero();
        given().auth().oauth2(Tokens.provider(provider)).get("/api/datasets/" + id)
                .then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        given().auth().oauth2(Tokens.consumer(holder)).get("/api/datasets/" + id)
                .then().statusCode(200).body("status", equalTo("WITHDRAWN")).body("title", equalTo("Withdrawn " + w));
        for (String token : new String[]{Tokens.consumer(refunded), Tokens.consumer("someone-else"),
                Tokens.subject("s"), Tokens.provider(newProvider())}) {
            given().auth().oauth2(token).get("/api/datasets/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        // pricing still learns the facts, to refuse new quotes
        given().auth().oauth2(Tokens.service("pricing-service")).get("/internal/datasets/" + id)
                .then().statusCode(200).body("status", equalTo("WITHDRAWN")).body("revision", equalTo(2));
    }

    @Test
    void consentingCountsMembersWithLiveConsentInScopeOncePerPurpose() {
        String provider = newProvider();
        String id = publish(provider, "Cohort " + word(), List.of("ai-training", "academic-research"));
        String other = publish(provider, "Other " + word(), List.of("ai-training"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String both = "both-" + run;          // provider scope and dataset scope: counted once
        String dataset = "dataset-" + run;    // dataset scope only
        String revoked = "revoked-" + run;    // revoked: not counted
        String expired = "expired-" + run;    // given but past expiresAt: not counted
        String otherDs = "otherds-" + run;    // consent for another dataset of the provider: not counted
        String stranger = "stranger-" + run;  // consents but is not a member: not counted
        String ads = "ads-" + run;            // consents to a purpose the dataset does not allow
        Fixtures.declare(provider, id, List.of(Map.of("subjectId", both, "records", 10),
                Map.of("subjectId", dataset, "records", 5), Map.of("subjectId", revoked, "records", 7),
                Map.of("subjectId", expired, "records", 11), Map.of("subjectId", otherDs, "records", 13),
                Map.of("subjectId", ads, "records", 17)));

        give(both, "PROVIDER", provider, "ai-training", "GIVEN", 1, null);
        give(both, "DATASET", id, "ai-training", "GIVEN", 1, null);
        give(both, "PROVIDER", provider, "academic-research", "GIVEN", 1, Instant.now().plusSeconds(3600));
        give(dataset, "DATASET", id, "ai-training", "GIVEN", 1, null);
        String c = give(revoked, "DATASET", id, "ai-training", "GIVEN", 1, null);
        apply(ConsentEvents.consent(c, revoked, "DATASET", id, "ai-training", "WITHDRAWN", 2, null));
        give(expired, "PROVIDER", provider, "ai-training", "GIVEN", 1, Instant.now().minusSeconds(5));
        give(otherDs, "DATASET", other, "ai-training", "GIVEN", 1, null);
        give(stranger, "PROVIDER", provider, "ai-training", "GIVEN", 1, null);
        give(ads, "DATASET", id, "personalised-advertising", "GIVEN", 1, null);

        given().auth().oauth2(Tokens.subject("s")).get("/api/datasets/" + id)
                .then().statusCode(200)
                .body("consenting", hasSize(2))
                .body("consenting.purpose", contains("ai-training", "academic-research"))
                .body("consenting.subjects", contains(2, 1))
                .body("consenting.records", contains(15, 10))
                .body("members.subjects", equalTo(6));
        given().auth().oauth2(Tokens.subject("s")).get("/api/datasets/" + other)
                .then().body("consenting[0].subjects", equalTo(0)).body("members.subjects", equalTo(0));
    }

    @Test
    void anErasedSubjectLeavesEveryMembershipAndIsNeverAddedBack() {
        String provider = newProvider();
        String first = publish(provider, "Erasure one " + word(), List.of("ai-training"));
        String second = publish(newProvider(), "Erasure two " + word(), List.of("ai-training"));
        String secondOwner = given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + second)
                .then().extract().path("providerId");
        String gone = "gone-" + UUID.randomUUID();
        String stays = "stays-" + UUID.randomUUID();
        Fixtures.declare(provider, first, rows(List.of(gone, stays), 3));
        Fixtures.declare(secondOwner, second, rows(List.of(gone), 4));
        give(gone, "PROVIDER", provider, "ai-training", "GIVEN", 1, null);

        apply(ConsentEvents.erased(gone));

        given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + first)
                .then().body("members.subjects", equalTo(1)).body("consenting[0].subjects", equalTo(0));
        given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + second)
                .then().body("members.subjects", equalTo(0));
        // a re-sent batch skips the erased subject, and a late consent event is ignored
        given().auth().oauth2(Tokens.provider(provider)).contentType(io.restassured.http.ContentType.JSON)
                .body(rows(List.of(gone, stays), 3)).post("/api/datasets/" + first + "/subjects")
                .then().statusCode(200).body("skippedErased", equalTo(1)).body("unchanged", equalTo(1))
                .body("members.subjects", equalTo(1));
        give(gone, "DATASET", first, "ai-training", "GIVEN", 1, null);
        given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + first)
                .then().body("members.subjects", equalTo(1)).body("consenting[0].subjects", equalTo(0));
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE subject_id = $1", gone)).isZero();
    }

    @Test
    void anErasureRacingBatchesThatNameTheSubjectAlwaysWins() throws Exception {
        var executor = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 8; round++) {
                String provider = newProvider();
                String id = publish(provider, "Erasure race " + word(), List.of("ai-training"));
                String gone = "gone-" + UUID.randomUUID();
                List<String> names = new ArrayList<>(List.of(gone));
                for (int i = 0; i < 300; i++) {
                    names.add("s-" + UUID.randomUUID());
                }
                var start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Integer>> uploads = new ArrayList<>();
                for (int u = 0; u < 4; u++) {
                    List<String> order = new ArrayList<>(names);
                    java.util.Collections.shuffle(order, new java.util.Random(round * 10L + u));
                    uploads.add(executor.submit(() -> {
                        start.await();
                        return given().auth().oauth2(Tokens.provider(provider))
                                .contentType(io.restassured.http.ContentType.JSON).body(rows(order, 2))
                                .post("/api/datasets/" + id + "/subjects").then().extract().statusCode();
                    }));
                }
                var erasure = executor.submit(() -> {
                    start.await();
                    apply(ConsentEvents.erased(gone));
                    return null;
                });
                start.countDown();
                for (var upload : uploads) {
                    assertThat(upload.get()).isEqualTo(200);
                }
                erasure.get();
                assertThat(Rows.count(db, "SELECT count(*) FROM dataset_member WHERE subject_id = $1", gone))
                        .as("round %d: the erased subject is in no membership, whichever commit came first", round)
                        .isZero();
                assertThat(Fixtures.members(db, id)).isEqualTo(300);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    String give(String subject, String scopeType, String scopeId, String purpose, String status, long version,
                Instant expiresAt) {
        String consentId = UUID.randomUUID().toString();
        apply(ConsentEvents.consent(consentId, subject, scopeType, scopeId, purpose, status, version, expiresAt));
        return consentId;
    }

    void apply(EventEnvelope e) {
        deliver.consent(e);
    }
}
