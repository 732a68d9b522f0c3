package org.exchange.payout.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.testing.Rows.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.payout.testing.MutableClock;
import org.exchange.payout.testing.ScriptedRail;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PayoutResourceTest {

    @Inject
    Funds funds;

    @Inject
    ScriptedRail rail;

    @Inject
    Pool db;

    static Response request(String subject, String key, String body) {
        var spec = given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON).body(body);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.post("/api/payouts");
    }

    static String amount(long amount) {
        return "{\"amount\": " + amount + "}";
    }

    String status(String subject, String id) {
        return given().auth().oauth2(Tokens.subject(subject)).get("/api/payouts/" + id).then().statusCode(200)
                .extract().path("status");
    }

    String awaitSettled(String subject, String id) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> status(subject, id),
                s -> s.equals("PAID") || s.equals("FAILED"));
    }

    /** Everything of one owner that a rejected request must leave as it was. */
    String stateOf(String owner) {
        return Rows.first(db, """
                SELECT (SELECT count(*) FROM payout WHERE owner_id = $1) || '/'
                    || (SELECT coalesce(string_agg(id || '=' || balance, ',' ORDER BY id), '') FROM account WHERE owner_id = $1)
                    || '/' || (SELECT count(*) FROM posting p JOIN account a ON a.id = p.account_id WHERE a.owner_id = $1)
                    || '/' || (SELECT count(*) FROM idempotent_request WHERE caller = $1)""", owner).getString(0);
    }

    @Test
    void aPayoutIsAcceptedReservedAndPaidOut() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000); // 7,000 available
        String id = request(subject, "key-1", amount(5_000)).then().statusCode(202)
                .header("Idempotent-Replayed", "false").body("amount", equalTo(5_000)).body("currency", equalTo("EUR"))
                .body("status", equalTo("REQUESTED"))
                .body("id", notNullValue()).extract().path("id");

        assertThat(awaitSettled(subject, id)).isEqualTo("PAID");
        assertThat(balance(db, "subject", subject, "available")).isEqualTo(2_000);
        assertThat(balance(db, "subject", subject, "processing")).isZero();
        assertThat(balance(db, "subject", subject, "paid-out")).isEqualTo(5_000);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/earnings").then()
                .body("balance.available", equalTo(2_000)).body("balance.paidOut", equalTo(5_000));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/payouts").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id)).body("items[0].status", equalTo("PAID"));
        assertThat(rail.calls(UUID.fromString(id))).isEqualTo(1);

        List<String> payloads = List.of(Rows.first(db,
                "SELECT array_agg(payload ORDER BY id) FROM outbox WHERE event_key = $1", id).getArrayOfStrings(0));
        assertThat(payloads).hasSize(2);
        assertThat(payloads.get(0)).contains("\"payout.requested\"");
        assertThat(payloads.get(1)).contains("\"payout.paid\"");
        payloads.forEach(p -> assertThat(EventSchemas.problems(p)).as(p).isEmpty());
    }

    @Test
    void aFailedPayoutReturnsTheMoneyToAvailable() {
        String subject = Fixtures.id("subject");
        rail.decline(subject);
        funds.available(subject, 10_000);
        String id = request(subject, "k", amount(7_000)).then().statusCode(202).extract().path("id");
        assertThat(awaitSettled(subject, id)).isEqualTo("FAILED");
        given().auth().oauth2(Tokens.subject(subject)).get("/api/payouts/" + id).then()
                .body("failureReason", notNullValue());
        assertThat(balance(db, "subject", subject, "available")).isEqualTo(7_000);
        assertThat(balance(db, "subject", subject, "processing")).isZero();
        assertThat(balance(db, "subject", subject, "paid-out")).isZero();
        String failed = Rows.first(db, "SELECT payload FROM outbox WHERE event_key = $1 AND payload LIKE '%payout.failed%'",
                id).getString(0);
        assertThat(EventSchemas.problems(failed)).isEmpty();
    }

    @Test
    void aPayoutAboveTheAvailableBalanceIs409AndChangesNothing() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000); // 7,000 available
        funds.pending(subject, 10_000);   // 7,000 more, but still on hold
        Fixtures.awaitPayoutsSettled(db);
        String before = stateOf(subject);
        String refused = request(subject, "too-much", amount(7_001)).then().statusCode(409)
                .contentType("application/problem+json").header("Idempotent-Replayed", "false").body("status", equalTo(409))
                .body("detail", equalTo("the amount exceeds your available balance of 7000 minor units"))
                .extract().asString();
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isZero();
        assertThat(balance(db, "subject", subject, "available")).isEqualTo(7_000);
        // only the stored response of the key is new (Stripe replays rejections too)
        assertThat(stateOf(subject)).isEqualTo(before.substring(0, before.lastIndexOf('/')) + "/1");
        String replayed = request(subject, "too-much", amount(7_001)).then().statusCode(409)
                .contentType("application/problem+json").header("Idempotent-Replayed", "true").extract().asString();
        assertThat(replayed).isEqualTo(refused);
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isZero();
    }

    @Test
    void theSameKeyReplaysTheFirstResponseAndWithAnotherAmountIs422() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 100_000);
        Response fresh = request(subject, "same", amount(2_000));
        fresh.then().statusCode(202).header("Idempotent-Replayed", "false");
        String first = fresh.asString();
        String location = fresh.header("Location");
        assertThat(location).endsWith("/api/payouts/" + fresh.jsonPath().getString("id"));
        for (int i = 0; i < 3; i++) {
            Response again = request(subject, "same", amount(2_000));
            again.then().statusCode(202).contentType(ContentType.JSON).header("Idempotent-Replayed", "true");
            assertThat(again.asString()).isEqualTo(first);
            assertThat(again.header("Location")).isEqualTo(location);
        }
        Fixtures.awaitPayoutsSettled(db);
        String before = stateOf(subject);
        request(subject, "same", amount(3_000)).then().statusCode(422).contentType("application/problem+json")
                .body("status", equalTo(422)).body("detail", containsString("Idempotency-Key"));
        assertThat(stateOf(subject)).isEqualTo(before);
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isEqualTo(1);
        // the key still answers its first request
        assertThat(request(subject, "same", amount(2_000)).then().statusCode(202)
                .header("Idempotent-Replayed", "true").extract().asString()).isEqualTo(first);
        // keys are per caller: another subject may use the same key for its own payout
        String other = Fixtures.id("other");
        funds.available(other, 10_000);
        request(other, "same", amount(3_000)).then().statusCode(202).header("Idempotent-Replayed", "false")
                .body("amount", equalTo(3_000));
    }

    @Test
    void aRefusedRequestReleasesItsKeyForTheNextTry() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000);
        request(subject, "retry", amount(999)).then().statusCode(400); // below the minimum payout: nothing stored
        assertThat(count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1", subject)).isZero();
        request(subject, "retry", amount(2_000)).then().statusCode(202).header("Idempotent-Replayed", "false")
                .body("amount", equalTo(2_000));
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isEqualTo(1);
    }

    @Inject
    IdempotentRequests idempotency;

    @Inject
    MutableClock clock;

    @ConfigProperty(name = "exchange.idempotency.retention")
    Duration retention;

    @Test
    void aKeyOlderThanItsRetentionIsForgottenAndMayBeUsedAgain() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000);
        String first = request(subject, "old", amount(1_000)).then().statusCode(202).extract().path("id");
        request(subject, "recent", amount(1_000)).then().statusCode(202);
        // "old" was first used just over the retention ago, "recent" just within it (times are the service's clock)
        Instant now = clock.instant();
        Rows.exec(db, "UPDATE idempotent_request SET created_at = $2 WHERE caller = $1 AND idempotency_key = 'old'",
                subject, now.minus(retention).minus(Duration.ofMinutes(1)));
        Rows.exec(db, "UPDATE idempotent_request SET created_at = $2 WHERE caller = $1 AND idempotency_key = 'recent'",
                subject, now.minus(retention).plus(Duration.ofMinutes(10)));
        // until the cleanup forgets it, an old key is still the first request's
        request(subject, "old", amount(2_000)).then().statusCode(422);

        assertThat(Fixtures.await(() -> idempotency.forgetOld())).isGreaterThanOrEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1 AND idempotency_key = 'old'",
                subject)).isZero();
        assertThat(count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1 AND idempotency_key = 'recent'",
                subject)).isEqualTo(1);
        String second = request(subject, "old", amount(2_000)).then().statusCode(202)
                .header("Idempotent-Replayed", "false").body("amount", equalTo(2_000)).extract().path("id");
        assertThat(second).isNotEqualTo(first);
        // the key kept within its retention still refuses another request
        request(subject, "recent", amount(2_000)).then().statusCode(422);
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isEqualTo(3);
    }

    @Test
    void concurrentRequestsRacingForOneBalanceNeverOverdrawIt() throws Exception {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000); // 7,000 available: at most three payouts of 2,000
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = "race-" + i;
            racers.add(() -> request(subject, key, amount(2_000)).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(racers)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(9);
        Fixtures.awaitPayoutsSettled(db);
        assertThat(balance(db, "subject", subject, "available")).isEqualTo(1_000);
        assertThat(balance(db, "subject", subject, "paid-out")).isEqualTo(6_000);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOnePayoutTheOthersWaitOrReplayIt() throws Exception {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000);
        List<Callable<Response>> copies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            copies.add(() -> request(subject, "one-key", amount(1_500)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(copies)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        List<Response> fresh = responses.stream()
                .filter(r -> r.statusCode() == 202 && "false".equals(r.header("Idempotent-Replayed"))).toList();
        assertThat(fresh).as("exactly one request ran").hasSize(1);
        String first = fresh.get(0).asString();
        for (Response r : responses) {
            if (r == fresh.get(0)) {
                continue;
            }
            if (r.statusCode() == 202) {
                assertThat(r.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(r.asString()).isEqualTo(first);
            } else {
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(409);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.jsonPath().getString("detail")).contains("in progress");
            }
        }
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", subject)).isEqualTo(1);
        assertThat(balance(db, "subject", subject, "available") + balance(db, "subject", subject, "processing")
                + balance(db, "subject", subject, "paid-out")).isEqualTo(7_000);
        assertThat(balance(db, "subject", subject, "available")).isEqualTo(5_500);
        // afterwards every retry gets the stored first response
        assertThat(request(subject, "one-key", amount(1_500)).then().statusCode(202)
                .header("Idempotent-Replayed", "true").extract().asString()).isEqualTo(first);
    }

    @Test
    void badRequestsAre400AndChangeNothing() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 100_000);
        Fixtures.awaitPayoutsSettled(db);
        String before = stateOf(subject);
        request(subject, null, amount(2_000)).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", equalTo("the Idempotency-Key header is required"));
        request(subject, "", amount(2_000)).then().statusCode(400);
        request(subject, "x".repeat(256), amount(2_000)).then().statusCode(400);
        String[] bodies = {
                amount(999),                         // below the minimum payout
                amount(0), amount(-5_000),           // not positive
                "{\"amount\": 20.5}",               // not whole minor units
                "{\"amount\": \"2000\"}",           // a string
                "{\"amount\": 99999999999999999999}", // does not fit
                "{\"amount\": 2000",                // malformed JSON
                "{}", "[]", "", "null",
                amount(100_000_000_001L),            // above the maximum payout
        };
        for (String body : bodies) {
            request(subject, "bad-" + body.hashCode(), body).then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400)).body("title", notNullValue());
        }
        given().auth().oauth2(Tokens.subject(subject)).header("Idempotency-Key", "k").contentType(ContentType.TEXT)
                .body("2000").post("/api/payouts").then().statusCode(415);
        assertThat(stateOf(subject)).isEqualTo(before);
        String problem = request(subject, "k2", "{\"amount\": \"x\"}").then().statusCode(400).extract().asString();
        assertThat(problem).doesNotContain("Exception").doesNotContain("org.exchange").doesNotContain("jackson");
    }

    @Test
    void anotherOwnersPayoutIsNotFoundAndNothingLeaks() {
        String owner = Fixtures.id("owner");
        funds.available(owner, 10_000);
        String id = request(owner, "mine", amount(1_000)).then().statusCode(202).extract().path("id");
        String intruder = Fixtures.id("intruder");
        for (String requested : new String[]{id, UUID.randomUUID().toString(), "not-a-uuid"}) {
            Map<String, Object> problem = given().auth().oauth2(Tokens.subject(intruder)).get("/api/payouts/" + requested)
                    .then().statusCode(404).contentType("application/problem+json").extract().jsonPath().getMap("");
            assertThat(problem).containsOnlyKeys("type", "title", "status", "detail", "instance");
            // what the intruder asked for is echoed back; nothing else of the owner's payout may be
            String told = (problem.get("detail") + " " + problem.get("instance")).replace(requested, "");
            assertThat(told).doesNotContain(owner).doesNotContain("1000").doesNotContain("10.00");
        }
        given().auth().oauth2(Tokens.subject(intruder)).get("/api/payouts").then().statusCode(200)
                .body("items", hasSize(0)).body("total", equalTo(0));
        // the intruder cannot pay itself out of the owner's balance either: it has none
        request(intruder, "steal", amount(1_000)).then().statusCode(409);
        assertThat(balance(db, "subject", owner, "available") + balance(db, "subject", owner, "processing")
                + balance(db, "subject", owner, "paid-out")).isEqualTo(7_000);
    }

    @Test
    void wrongRolesAre403AndBrokenTokens401WithNothingChanged() {
        String id = Fixtures.id("s");
        for (String token : new String[]{Tokens.consumer(id), Tokens.auditor(id)}) {
            given().auth().oauth2(token).header("Idempotency-Key", "k").contentType(ContentType.JSON).body(amount(2_000))
                    .post("/api/payouts").then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).get("/api/payouts").then().statusCode(403);
        }
        given().header("Idempotency-Key", "k").contentType(ContentType.JSON).body(amount(2_000))
                .post("/api/payouts").then().statusCode(401);
        for (String token : new String[]{Tokens.expired(id, "subject"), Tokens.wrongIssuer(id, "subject"),
                Tokens.wrongAudience(id, "subject"), Tokens.signedByAnotherKey(id, "subject"), Tokens.tampered(id),
                Tokens.algNone(id, "subject")}) {
            given().auth().oauth2(token).header("Idempotency-Key", "k").contentType(ContentType.JSON).body(amount(2_000))
                    .post("/api/payouts").then().statusCode(401);
            given().auth().oauth2(token).get("/api/payouts/" + UUID.randomUUID()).then().statusCode(401);
        }
        assertThat(count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1", id)).isZero();
        assertThat(count(db, "SELECT count(*) FROM payout WHERE owner_id = $1", id)).isZero();
    }

    @Test
    void aProviderPaysOutOfItsProviderBalance() {
        Fixtures.Purchase p = funds.available(Fixtures.id("subject"), 10_000); // provider: 2,000 available
        String id = given().auth().oauth2(Tokens.provider(p.providerId())).header("Idempotency-Key", "p1")
                .contentType(ContentType.JSON).body(amount(2_000)).post("/api/payouts")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(Tokens.provider(p.providerId()))
                .get("/api/payouts/" + id).then().extract().path("status"), "PAID"::equals);
        assertThat(balance(db, "provider", p.providerId(), "paid-out")).isEqualTo(2_000);
    }
}
