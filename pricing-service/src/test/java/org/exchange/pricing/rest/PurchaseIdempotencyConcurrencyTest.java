package org.exchange.pricing.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent retries of one purchase: exactly one purchase, one charge, one set of events. Under
 * one key, the first request runs and every retry is told it is in flight (409) or, once it
 * completed, gets its stored response (docs/idempotency.md).
 */
@QuarkusTest
class PurchaseIdempotencyConcurrencyTest extends PricingTestBase {

    static final int ROUNDS = 15;
    static final int RETRIES = 8;
    static final ExecutorService POOL = Executors.newFixedThreadPool(RETRIES);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    record Answer(int status, String body, String replayed, String location) {

        boolean fresh201() {
            return status == 201 && "false".equals(replayed);
        }

        boolean replayed201() {
            return status == 201 && "true".equals(replayed);
        }

        boolean inProgress409() {
            return status == 409 && body.contains("still in progress");
        }
    }

    List<Answer> fire(List<Callable<Response>> requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (Callable<Response> request : requests) {
            futures.add(POOL.submit(() -> {
                start.await();
                Response r = request.call();
                return new Answer(r.statusCode(), r.asString(), r.header("Idempotent-Replayed"), r.header("Location"));
            }));
        }
        start.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    String offer(String consumer) {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 50, 3, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        return quote(consumer, ds, "ai-training");
    }

    @Test
    void concurrentRetriesOfOneKeyMakeExactlyOnePurchaseAndTheOthersAreToldItIsInFlightOrGetItsResponse()
            throws Exception {
        long toldInFlight = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String consumer = newId("consumer");
            String quoteId = offer(consumer);
            List<Callable<Response>> same = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                same.add(() -> postPurchase(consumer, "same-key", quoteId));
            }
            List<Answer> answers = fire(same);
            String where = "round " + round + ": " + answers;

            List<Answer> fresh = answers.stream().filter(Answer::fresh201).toList();
            assertThat(fresh).as(where).hasSize(1);
            Answer first = fresh.get(0);
            assertThat(answers).as(where).allMatch(a -> a.fresh201() || a.inProgress409() || a.replayed201());
            toldInFlight += answers.stream().filter(Answer::inProgress409).count();
            assertThat(answers.stream().filter(Answer::replayed201)).as(where + ": replays are the first response")
                    .allSatisfy(a -> {
                        assertThat(a.body()).isEqualTo(first.body());
                        assertThat(a.location()).isEqualTo(first.location());
                    });
            // once it completed, the key answers with the stored response
            Response after = postPurchase(consumer, "same-key", quoteId);
            assertThat(after.statusCode()).isEqualTo(201);
            assertThat(after.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(after.asString()).isEqualTo(first.body());
            assertThat(after.header("Location")).isEqualTo(first.location());

            String purchase = after.path("id");
            assertThat(Rows.count(db, "SELECT count(*) FROM purchase WHERE quote_id = cast($1 as uuid)", quoteId))
                    .isEqualTo(1);
            assertThat(Rows.count(db, "SELECT count(*) FROM purchase_member pm "
                    + "JOIN purchase p ON p.id = pm.purchase_id "
                    + "WHERE p.quote_id = cast($1 as uuid)", quoteId)).isEqualTo(50);
            assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%\"purchase.completed\"%' "
                    + "AND payload LIKE $1", "%" + quoteId + "%")).isEqualTo(1);
            // one set of events: the cohort's one chunk, then purchase.completed
            assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1", purchase)).isEqualTo(2);
        }
        assertThat(toldInFlight).as("the retries overlapped the first request").isPositive();
    }

    @Test
    void concurrentPurchasesOfOneQuoteWithDifferentKeysMakeOnePurchaseAndTheRestAre409() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String consumer = newId("consumer");
            String quoteId = offer(consumer);
            List<Callable<Response>> different = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                String key = "key-" + i;
                different.add(() -> postPurchase(consumer, key, quoteId));
            }
            List<Answer> answers = fire(different);
            String where = "round " + round + ": " + answers;

            assertThat(answers.stream().filter(Answer::fresh201).count()).as(where).isEqualTo(1);
            assertThat(answers.stream().filter(a -> a.status() == 409 && a.body().contains("already purchased"))
                    .count()).as(where).isEqualTo(RETRIES - 1);
            assertThat(Rows.count(db, "SELECT count(*) FROM purchase WHERE quote_id = cast($1 as uuid)", quoteId))
                    .isEqualTo(1);
        }
    }
}
