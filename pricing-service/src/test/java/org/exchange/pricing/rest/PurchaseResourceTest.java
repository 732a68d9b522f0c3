package org.exchange.pricing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PurchaseResourceTest extends PricingTestBase {

    record Offer(String provider, String dataset, List<String> subjects, String consumer, String quoteId) {
    }

    /** A priced dataset of n consenting subjects (10 records each, 10 per record) and a quote for it. */
    Offer offer(int n) {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, n, 10, "ai-training", 4L);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        return new Offer(provider, ds, subjects, consumer, quote(consumer, ds, "ai-training"));
    }

    long purchasesOf(String consumer) {
        return Rows.count(db, "SELECT count(*) FROM purchase WHERE consumer_id = $1", consumer);
    }

    /** Idempotency keys stored for {@code consumer}: claimed or completed. */
    long keysOf(String consumer) {
        return Rows.count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1", consumer);
    }

    void expire(String quoteId) {
        Rows.exec(db, "UPDATE quote SET expires_at = now() - interval '1 second' WHERE id = cast($1 as uuid)", quoteId);
    }

    List<String> eventsOf(String purchaseId) {
        return strings("SELECT payload FROM outbox WHERE event_key = $1 ORDER BY id", purchaseId);
    }

    @Test
    void purchasePinsTheConfirmedCohortAndWritesChunksThenCompletedInOneGo() {
        Offer o = offer(3);
        var created = postPurchase(o.consumer(), "key-1", o.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "false")
                .body("quoteId", equalTo(o.quoteId()))
                .body("datasetId", equalTo(o.dataset()))
                .body("purpose", equalTo("ai-training"))
                .body("amount", equalTo(300))
                .body("currency", equalTo("EUR"))
                .body("subjects", equalTo(3))
                .body("records", equalTo(30))
                .body("status", equalTo("COMPLETED"))
                .extract();
        String id = created.path("id");

        List<Row> pinned = select("SELECT subject_id, records, consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) ORDER BY subject_id", id);
        assertThat(pinned).extracting(r -> r.getString("subject_id")).containsExactlyElementsOf(o.subjects());
        assertThat(pinned).allSatisfy(r -> {
            assertThat(r.getLong("records")).isEqualTo(10);
            assertThat(r.getString("consent_id")).isNotBlank();
            assertThat(r.getLong("consent_version")).isEqualTo(1);
        });
        // the purchase commits to exactly that cohort, in that order
        String cohortRoot = Cohorts.root(pinned.stream().map(r -> new CohortMember(r.getString("subject_id"),
                r.getLong("records"), r.getString("consent_id"), r.getLong("consent_version"))).toList());
        assertThat(created.<String>path("cohortRoot")).isEqualTo(cohortRoot);
        assertThat(strings("SELECT cohort_root FROM purchase WHERE id = cast($1 as uuid)", id)).containsExactly(cohortRoot);
        List<String> events = eventsOf(id);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"type\":\"purchase.cohort\"");
        assertThat(events.get(1)).contains("\"type\":\"purchase.completed\"").contains("\"chunks\":1")
                .contains("\"cohortRoot\":\"" + cohortRoot + "\"");
        events.forEach(e -> assertThat(EventSchemas.problems(e)).isEmpty());

        given().auth().oauth2(Tokens.consumer(o.consumer())).get("/api/purchases/" + id)
                .then().statusCode(200).body("amount", equalTo(300)).body("refundedAt", nullValue())
                .body("cohortRoot", equalTo(cohortRoot));
    }

    @Test
    void aLargeCohortIsConfirmedInBoundedCallsAndTravelsInChunksOf5000() {
        Offer o = offer(25_001);
        int callsBefore = consent.calls.get();
        String id = postPurchase(o.consumer(), "big", o.quoteId()).then().statusCode(201)
                .body("subjects", equalTo(25_001)).body("amount", equalTo(2_500_100)).extract().path("id");

        assertThat(consent.calls.get() - callsBefore).isEqualTo(2); // 20,000 + 5,001
        assertThat(consent.largestBatch).isLessThanOrEqualTo(20_000);
        assertThat(Rows.count(db, "SELECT count(*) FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid)", id)).isEqualTo(25_001);
        List<String> events = eventsOf(id);
        assertThat(events).hasSize(7); // 6 chunks (5 x 5,000 + 1) and purchase.completed
        for (int i = 0; i < 6; i++) {
            assertThat(events.get(i)).contains("\"chunk\":" + i + ",").contains("\"chunks\":6");
        }
        assertThat(events.get(6)).contains("purchase.completed");
        events.forEach(e -> assertThat(EventSchemas.problems(e)).isEmpty());

        // the cohort can also be read back in keyset pages
        String next = null;
        int seen = 0;
        do {
            var page = given().auth().oauth2(Tokens.consumer(o.consumer()))
                    .queryParam("limit", 10_000).queryParam("after", next)
                    .get("/api/purchases/" + id + "/cohort").then().statusCode(200).extract();
            seen += page.<List<Object>>path("members").size();
            next = page.path("next");
        } while (next != null);
        assertThat(seen).isEqualTo(25_001);
    }

    @Test
    void whoRevokedSinceTheQuoteIsExcludedAndTheAmountGoesDownNeverUp() {
        Offer o = offer(4);
        consent.revokeForDataset(o.subjects().get(0), o.dataset(), "ai-training");
        consent.grantForDataset(o.subjects().get(1), o.dataset(), "ai-training", 50L); // reserve now above price
        String newcomer = o.dataset() + "-newcomer";
        catalog.addMember(o.dataset(), newcomer, 1000);
        consent.grantForDataset(newcomer, o.dataset(), "ai-training", null);

        String id = postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201)
                .body("subjects", equalTo(2)).body("records", equalTo(20)).body("amount", equalTo(200))
                .extract().path("id");
        assertThat(strings("SELECT subject_id FROM purchase_member WHERE purchase_id = cast($1 as uuid) "
                + "ORDER BY subject_id", id)).containsExactly(o.subjects().get(2), o.subjects().get(3));
    }

    @Test
    void whenEveryoneRevokedThePurchaseIsRefusedAndNothingIsWritten() {
        Offer o = offer(2);
        o.subjects().forEach(s -> consent.revokeForDataset(s, o.dataset(), "ai-training"));
        postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(409)
                .body("detail", containsString("request a new quote"));
        assertThat(purchasesOf(o.consumer())).isZero();
        assertThat(keysOf(o.consumer())).isZero();

        // a refusal is not stored: once someone consents again, the same key buys their share
        consent.grantForDataset(o.subjects().get(1), o.dataset(), "ai-training", null);
        postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).header("Idempotent-Replayed", "false")
                .body("subjects", equalTo(1)).body("amount", equalTo(100));
        assertThat(purchasesOf(o.consumer())).isEqualTo(1);
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponseWithItsLocationAndWithoutASecondCharge() {
        Offer o = offer(2);
        var first = postPurchase(o.consumer(), "retry-me", o.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "false").extract();
        String id = first.path("id");
        assertThat(first.header("Location")).endsWith("/api/purchases/" + id);
        consent.revokeForDataset(o.subjects().get(0), o.dataset(), "ai-training"); // must not matter for a replay
        var again = postPurchase(o.consumer(), "retry-me", o.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "true").contentType(ContentType.JSON).extract();

        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(purchasesOf(o.consumer())).isEqualTo(1);
        assertThat(Rows.count(db, "SELECT count(*) FROM purchase_member WHERE purchase_id = cast($1 as uuid)", id))
                .isEqualTo(2);
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%purchase.completed%' "
                + "AND payload LIKE $1", "%" + o.quoteId() + "%")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndChangesNothing() {
        Offer a = offer(1);
        String otherQuote = quote(a.consumer(), a.dataset(), "ai-training");
        String first = postPurchase(a.consumer(), "shared", a.quoteId()).then().statusCode(201).extract().asString();
        postPurchase(a.consumer(), "shared", otherQuote).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("different request"));
        assertThat(Rows.count(db, "SELECT count(*) FROM purchase WHERE quote_id = cast($1 as uuid)", otherQuote))
                .isZero();
        assertThat(purchasesOf(a.consumer())).isEqualTo(1);
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%purchase.completed%' "
                + "AND payload LIKE $1", "%" + otherQuote + "%")).isZero();

        // the key still stands for its first request, and the other quote is still for sale under a key of its own
        postPurchase(a.consumer(), "shared", a.quoteId()).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body(equalTo(first));
        postPurchase(a.consumer(), "other", otherQuote).then().statusCode(201).header("Idempotent-Replayed", "false")
                .body("quoteId", equalTo(otherQuote));
    }

    @Test
    void keysArePerCallerAndAQuoteIsBoughtOnceWhateverTheKey() {
        Offer o = offer(1);
        postPurchase(o.consumer(), "k1", o.quoteId()).then().statusCode(201);
        postPurchase(o.consumer(), "k2", o.quoteId()).then().statusCode(409)
                .body("detail", containsString("already purchased"));
        // another consumer using the same key value is a different key, and the quote is not theirs
        postPurchase(newId("consumer"), "k1", o.quoteId()).then().statusCode(404);
        assertThat(purchasesOf(o.consumer())).isEqualTo(1);
    }

    @Test
    void anotherConsumerMayUseTheSameKeyForItsOwnPurchase() {
        Offer mine = offer(1);
        Offer theirs = offer(2);
        String first = postPurchase(mine.consumer(), "order-1", mine.quoteId()).then().statusCode(201)
                .extract().asString();
        // another body under the same key value: theirs is a key of their own, neither 422 nor a replay of mine
        String other = postPurchase(theirs.consumer(), "order-1", theirs.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "false").body("quoteId", equalTo(theirs.quoteId()))
                .body("subjects", equalTo(2)).extract().asString();
        assertThat(other).isNotEqualTo(first);
        assertThat(purchasesOf(mine.consumer())).isEqualTo(1);
        assertThat(purchasesOf(theirs.consumer())).isEqualTo(1);

        // each caller's key replays its own purchase
        postPurchase(mine.consumer(), "order-1", mine.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        postPurchase(theirs.consumer(), "order-1", theirs.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body(equalTo(other));
        assertThat(keysOf(mine.consumer())).isEqualTo(1);
        assertThat(keysOf(theirs.consumer())).isEqualTo(1);
    }

    @Test
    void anExpiredQuoteIsGone() {
        Offer o = offer(1);
        expire(o.quoteId());
        postPurchase(o.consumer(), "late", o.quoteId()).then().statusCode(410).body("detail", containsString("expired"));
        assertThat(purchasesOf(o.consumer())).isZero();
    }

    @Test
    void aFailedPurchaseStoresNothingSoTheSameKeyWorksOnceTheCauseIsGone() {
        Offer o = offer(1);
        expire(o.quoteId());
        postPurchase(o.consumer(), "late", o.quoteId()).then().statusCode(410);
        assertThat(purchasesOf(o.consumer())).isZero();
        assertThat(keysOf(o.consumer())).as("the key is released").isZero();

        // the quote is open again: the same key is evaluated afresh, not answered with the stored 410
        Rows.exec(db, "UPDATE quote SET expires_at = now() + interval '5 minutes' WHERE id = cast($1 as uuid)",
                o.quoteId());
        String bought = postPurchase(o.consumer(), "late", o.quoteId()).then().statusCode(201)
                .header("Idempotent-Replayed", "false").extract().asString();
        postPurchase(o.consumer(), "late", o.quoteId()).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body(equalTo(bought));
        assertThat(purchasesOf(o.consumer())).isEqualTo(1);
    }

    @Test
    void aPurchaseWhileConsentIsDownStoresNothingAndTheSameKeyBuysWhenItIsBack() {
        Offer o = offer(1);
        consent.down = true;
        try {
            postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            consent.down = false;
        }
        assertThat(purchasesOf(o.consumer())).isZero();
        assertThat(keysOf(o.consumer())).isZero();
        postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).header("Idempotent-Replayed", "false");
        assertThat(purchasesOf(o.consumer())).isEqualTo(1);
    }

    @Test
    void aDatasetWithdrawnAfterTheQuoteCannotBeBought() {
        Offer o = offer(1);
        catalog.withdraw(o.dataset());
        postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(410);
        assertThat(purchasesOf(o.consumer())).isZero();
    }

    @Test
    void anotherConsumersQuoteOrPurchaseIsNotFound() {
        Offer o = offer(1);
        String intruder = newId("consumer");
        postPurchase(intruder, "k", o.quoteId()).then().statusCode(404);
        String id = postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).extract().path("id");

        given().auth().oauth2(Tokens.consumer(intruder)).get("/api/purchases/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.consumer(intruder)).get("/api/purchases/" + id + "/cohort").then().statusCode(404);
        given().auth().oauth2(Tokens.consumer(intruder)).get("/api/purchases/" + id + "/withdrawals").then().statusCode(404);
        given().auth().oauth2(Tokens.consumer(intruder)).get("/api/purchases")
                .then().statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
        given().auth().oauth2(Tokens.consumer(o.consumer())).get("/api/purchases")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(id));
        assertThat(purchasesOf(intruder)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"quoteId\": \"not-a-uuid\"}", "{\"quoteId\": 7}", "{\"quoteId\": ", "[]", ""})
    void badPurchaseBodiesAre400AndChangeNothing(String body) {
        String consumer = newId("consumer");
        given().auth().oauth2(Tokens.consumer(consumer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(body).post("/api/purchases")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(purchasesOf(consumer)).isZero();
    }

    @Test
    void aMissingOrMalformedIdempotencyKeyIs400() {
        Offer o = offer(1);
        String body = "{\"quoteId\": \"%s\"}".formatted(o.quoteId());
        given().auth().oauth2(Tokens.consumer(o.consumer())).contentType(ContentType.JSON).body(body)
                .post("/api/purchases").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("idempotencyKey"));
        postPurchase(o.consumer(), "x".repeat(256), o.quoteId()).then().statusCode(400);
        postPurchase(o.consumer(), "has space", o.quoteId()).then().statusCode(400);
        assertThat(purchasesOf(o.consumer())).isZero();
    }

    @Test
    void wrongCallersCannotBuyOrList() {
        Offer o = offer(1);
        String body = "{\"quoteId\": \"%s\"}".formatted(o.quoteId());
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k").body(body).post("/api/purchases")
                .then().statusCode(401);
        given().auth().oauth2(Tokens.wrongAudience(o.consumer(), "consumer")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(body).post("/api/purchases").then().statusCode(401);
        given().auth().oauth2(Tokens.algNone(o.consumer(), "consumer")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(body).post("/api/purchases").then().statusCode(401);
        given().auth().oauth2(Tokens.provider(o.consumer())).contentType(ContentType.JSON)
                .header("Idempotency-Key", "k").body(body).post("/api/purchases").then().statusCode(403);
        given().get("/api/purchases").then().statusCode(401);
        given().auth().oauth2(Tokens.subject(o.consumer())).get("/api/purchases").then().statusCode(403);
        given().auth().oauth2(Tokens.service("catalog")).get("/api/purchases").then().statusCode(403);
        assertThat(purchasesOf(o.consumer())).isZero();
    }

    @Test
    void anAdminRefundsOnceWithOneEventAndNobodyElseCan() {
        Offer o = offer(2);
        String id = postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).extract().path("id");

        given().auth().oauth2(Tokens.consumer(o.consumer())).post("/api/purchases/" + id + "/refund").then().statusCode(403);
        given().auth().oauth2(Tokens.provider(o.provider())).post("/api/purchases/" + id + "/refund").then().statusCode(403);
        given().post("/api/purchases/" + id + "/refund").then().statusCode(401);
        assertThat(Rows.count(db, "SELECT count(*) FROM purchase "
                + "WHERE id = cast($1 as uuid) AND status = 'COMPLETED'", id)).isEqualTo(1);

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON)
                    .body("{\"reason\": \"duplicate order\"}")
                    .post("/api/purchases/" + id + "/refund")
                    .then().statusCode(200).body("status", equalTo("REFUNDED")).body("amount", equalTo(200));
        }
        List<String> refunds = eventsOf(id).stream().filter(e -> e.contains("purchase.refunded")).toList();
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0)).contains("duplicate order");
        assertThat(EventSchemas.problems(refunds.get(0))).isEmpty();

        given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON).body("{}")
                .post("/api/purchases/" + UUID.randomUUID() + "/refund").then().statusCode(404);
        given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON)
                .body("{\"reason\": \"" + "x".repeat(201) + "\"}")
                .post("/api/purchases/" + id + "/refund").then().statusCode(400);
    }

    @Test
    void theInternalCohortEndpointServesServicesOnly() {
        Offer o = offer(3);
        String id = postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.service("payout-service")).queryParam("limit", 2)
                .get("/internal/purchases/" + id + "/cohort")
                .then().statusCode(200).body("members", hasSize(2)).body("next", equalTo(o.subjects().get(1)));
        given().auth().oauth2(Tokens.consumer(o.consumer())).get("/internal/purchases/" + id + "/cohort")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.service("payout-service")).get("/internal/purchases/" + UUID.randomUUID() + "/cohort")
                .then().statusCode(404);
    }

    @Test
    void purchasesAreCountedPerPurposeInMetrics() {
        Offer o = offer(1);
        postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exchange_purchases_total{purpose=\"ai-training\"}"));
    }

    @Test
    void badPagingParametersAre400() {
        Offer o = offer(1);
        String id = postPurchase(o.consumer(), "k", o.quoteId()).then().statusCode(201).extract().path("id");
        String token = Tokens.consumer(o.consumer());
        for (String query : List.of("size=0", "size=201", "page=-1", "page=abc", "size=2.5", "page=99999999999")) {
            given().auth().oauth2(token).get("/api/purchases?" + query).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        for (String query : List.of("limit=0", "limit=10001", "limit=ten", "after=bad%20id")) {
            given().auth().oauth2(token).get("/api/purchases/" + id + "/cohort?" + query).then().statusCode(400);
        }
        given().auth().oauth2(token).get("/api/purchases/" + id + "/withdrawals?size=1001").then().statusCode(400);
        given().auth().oauth2(Tokens.service("payout-service")).get("/internal/purchases/" + id + "/cohort?limit=50001")
                .then().statusCode(400);
    }
}
