package org.exchange.payout.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.payout.testing.Fixtures.await;
import static org.exchange.payout.testing.Fixtures.balance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.payout.testing.MutableClock;
import org.exchange.payout.testing.PricingFeed;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Purchases sharing subjects, refunds, releases and payouts of those subjects, all at once: no
 * deadlock, nothing lost, and the ledger verifies.
 */
@QuarkusTest
class ConcurrentLedgerTest {

    @Inject
    PurchaseRelease releases;

    @Inject
    PricingFeed pricing;

    @Inject
    LedgerVerifier verifier;

    @Inject
    MutableClock clock;

    @Inject
    Funds funds;

    @Inject
    Pool db;

    @Test
    void overlappingPurchasesReleasesRefundsAndPayoutsRunTogetherAndTheLedgerVerifies() throws Exception {
        Random random = new Random(99);
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subjects.add(Fixtures.id("shared"));
        }
        for (String s : subjects) {
            funds.available(s, 20_000); // 14,000 each to pay out from
        }
        List<Callable<Void>> work = new ArrayList<>();
        List<Fixtures.Purchase> purchases = new ArrayList<>();
        for (int p = 0; p < 15; p++) {
            List<Fixtures.Member> members = new ArrayList<>();
            for (String s : subjects) {
                members.add(new Fixtures.Member(s, 1 + random.nextInt(20)));
            }
            Collections.shuffle(members, random); // each purchase touches the shared accounts in another order
            Fixtures.Purchase purchase = Fixtures.purchase(Fixtures.purchaseId(), Fixtures.id("c"), Fixtures.id("p"),
                    1_000 + random.nextInt(100_000), members, 4, "EUR");
            purchases.add(purchase);
            work.add(() -> {
                pricing.book(purchase);
                if (purchase.amount() % 3 == 0) {
                    pricing.refund(purchase);
                }
                return null;
            });
        }
        for (int r = 0; r < 5; r++) {
            work.add(() -> {
                clock.advance(Duration.ofMinutes(30));
                await(() -> releases.releaseDue(clock.instant(), 100));
                return null;
            });
        }
        for (String s : subjects) {
            for (int k = 0; k < 3; k++) {
                String key = "k" + k;
                work.add(() -> {
                    given().auth().oauth2(Tokens.subject(s)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                            .body("{\"amount\": 4000}").post("/api/payouts").then().statusCode(202);
                    return null;
                });
            }
        }
        Collections.shuffle(work, random);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Fixtures.awaitPayoutsSettled(db);
        LedgerVerifier.Report report = await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
        for (Fixtures.Purchase p : purchases) {
            assertThat(Fixtures.splits(db, p.id())).as("split once: %s", p.id()).isEqualTo(1);
            assertThat(balance(db, "consumer", p.consumerId(), "funding"))
                    .isEqualTo(p.amount() % 3 == 0 ? 0 : -p.amount());
        }
        // nothing lost, nothing doubled: each subject holds its 14,000 plus its share of every
        // purchase that was not refunded, wherever the money now sits
        java.util.Map<String, Long> earned = new java.util.HashMap<>();
        for (Fixtures.Purchase p : purchases) {
            if (p.amount() % 3 != 0) {
                Split.of(p.amount(), 1000, 2000, p.members().stream()
                                .map(m -> new Split.Member(m.subjectId(), m.records())).toList())
                        .subjects().forEach(share -> earned.merge(share.subjectId(), share.amount(), Long::sum));
            }
        }
        for (String s : subjects) {
            assertThat(balance(db, "subject", s, "paid-out")).isEqualTo(12_000);
            assertThat(balance(db, "subject", s, "available")).isGreaterThanOrEqualTo(2_000);
            long held = balance(db, "subject", s, "pending") + balance(db, "subject", s, "available")
                    + balance(db, "subject", s, "processing") + balance(db, "subject", s, "paid-out");
            assertThat(held).as("all of %s's money", s).isEqualTo(14_000 + earned.getOrDefault(s, 0L));
        }
    }
}
