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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Concurrent retries of one purchase: exactly one purchase, one charge, one set of events. */
@QuarkusTest
class PurchaseIdempotencyConcurrencyTest extends PricingTestBase {

    static final int ROUNDS = 15;
    static final int RETRIES = 8;
    static final ExecutorService POOL = Executors.newFixedThreadPool(RETRIES);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    record Answer(int status, String body) {
    }

    List<Answer> fire(List<Callable<Response>> requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (Callable<Response> request : requests) {
            futures.add(POOL.submit(() -> {
                start.await();
                Response r = request.call();
                return new Answer(r.statusCode(), r.asString());
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
    void concurrentRetriesOfOneKeyMakeExactlyOnePurchaseAndAllGetItsResponse() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String consumer = newId("consumer");
            String quoteId = offer(consumer);
            List<Callable<Response>> same = new ArrayList<>();
            for (int i = 0; i < RETRIES; i++) {
                same.add(() -> postPurchase(consumer, "same-key", quoteId));
            }
            List<Answer> answers = fire(same);

            assertThat(answers).extracting(Answer::status).as("round " + round).containsOnly(201);
            assertThat(answers.stream().map(Answer::body).distinct()).as("one response, replayed").hasSize(1);
            assertThat(rows("SELECT count(*) FROM purchase WHERE quote_id = cast($1 as uuid)", quoteId)).isEqualTo(1);
            assertThat(rows("SELECT count(*) FROM purchase_member pm JOIN purchase p ON p.id = pm.purchase_id "
                    + "WHERE p.quote_id = cast($1 as uuid)", quoteId)).isEqualTo(50);
            assertThat(rows("SELECT count(*) FROM outbox WHERE payload LIKE '%\"purchase.completed\"%' AND payload LIKE $1",
                    "%" + quoteId + "%")).isEqualTo(1);
        }
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

            assertThat(answers.stream().filter(a -> a.status() == 201).count()).as("round " + round).isEqualTo(1);
            assertThat(answers.stream().filter(a -> a.status() == 409).count()).isEqualTo(RETRIES - 1);
            assertThat(rows("SELECT count(*) FROM purchase WHERE quote_id = cast($1 as uuid)", quoteId)).isEqualTo(1);
        }
    }
}
