package org.exchange.payout.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.payout.testing.Fixtures.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.testing.Rows.count;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.MutableClock;
import org.exchange.payout.testing.PricingFeed;
import org.exchange.payout.testing.ScriptedRail;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Many random histories of purchases (random cohorts and amounts), refunds before and after the
 * hold, releases and payouts (paid and declined, some above the balance), mixed with purchases and
 * refunds pricing never made (forged or premature): after each, the ledger verifies, no money
 * appeared or vanished, and every payee holds exactly what a simple model of the rules says, in
 * which the forged events change nothing. Every event goes through the real consumer path.
 */
@QuarkusTest
class LedgerPropertyTest {

    @Inject
    PurchaseRelease releases;

    @Inject
    PricingFeed pricing;

    @Inject
    LedgerVerifier verifier;

    @Inject
    MutableClock clock;

    @Inject
    ScriptedRail rail;

    @Inject
    Pool db;

    /** What each payee should hold, by the rules, independent of the implementation's SQL. */
    static final class Model {
        final Map<String, Long> pending = new HashMap<>();
        final Map<String, Long> available = new HashMap<>();
        final Map<String, Long> paidOut = new HashMap<>();
        long consumerFunding;

        void add(Map<String, Long> m, String k, long v) {
            m.merge(k, v, Long::sum);
        }
    }

    final java.util.Set<String> declined = new java.util.HashSet<>();

    record Booked(Fixtures.Purchase purchase, Map<String, Long> shares, boolean[] released, boolean[] refunded) {
    }

    @Test
    void randomHistoriesAlwaysVerifyAndConserveMoney() {
        for (int seed = 1; seed <= 12; seed++) {
            runHistory(new Random(seed), seed);
        }
    }

    void runHistory(Random random, int seed) {
        String consumer = Fixtures.id("consumer");
        String provider = Fixtures.id("provider");
        List<String> subjects = new ArrayList<>();
        declined.clear();
        for (int i = 0; i < 2 + random.nextInt(6); i++) {
            String s = Fixtures.id("s" + seed);
            subjects.add(s);
            if (random.nextInt(4) == 0) {
                rail.decline(s); // this subject's payouts always fail
                declined.add(s);
            }
        }
        Model model = new Model();
        List<Booked> booked = new ArrayList<>();
        for (int step = 0; step < 25; step++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> booked.add(purchase(random, consumer, provider, subjects, model));
                case 2 -> refund(random, booked, model);
                case 3 -> release(booked, model);
                case 4 -> forgery(random, consumer, provider, subjects, booked);
                default -> payout(random, subjects, model);
            }
        }
        Fixtures.awaitPayoutsSettled(db);
        // settle the model: requested payouts were paid unless declined
        for (String s : subjects) {
            assertThat(balance(db, "subject", s, "pending")).as("pending of %s (seed %d)", s, seed)
                    .isEqualTo(model.pending.getOrDefault(s, 0L));
            assertThat(balance(db, "subject", s, "available") + balance(db, "subject", s, "paid-out"))
                    .as("available + paid out of %s (seed %d)", s, seed)
                    .isEqualTo(model.available.getOrDefault(s, 0L) + model.paidOut.getOrDefault(s, 0L));
            assertThat(balance(db, "subject", s, "processing")).isZero();
            if (!model.paidOut.containsKey(s)) {
                assertThat(balance(db, "subject", s, "paid-out")).isZero();
            }
        }
        assertThat(balance(db, "consumer", consumer, "funding")).as("consumer (seed %d)", seed)
                .isEqualTo(model.consumerFunding);
        LedgerVerifier.Report report = await(() -> verifier.verify());
        assertThat(report.discrepancies()).as("seed %d", seed).isEmpty();
        assertThat(report.purchasesReconciled()).isEqualTo(count(db, "SELECT count(*) FROM purchase WHERE split_tx IS NOT NULL"));
        assertThat(report.totals().values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(count(db, "SELECT count(*) FROM account WHERE type IN ('pending', 'processing', 'paid-out') "
                + "AND balance < 0")).as("no pending, processing or paid-out balance is ever negative").isZero();
    }

    Booked purchase(Random random, String consumer, String provider, List<String> subjects, Model model) {
        Fixtures.Purchase p = pricing.made(randomPurchase(random, consumer, provider, subjects));
        long amount = p.amount();
        List<Fixtures.Member> members = p.members();
        List<EventEnvelope> events = new ArrayList<>(p.events());
        Collections.shuffle(events, random);
        pricing.deliverAll(events);
        if (random.nextBoolean()) {
            pricing.deliver(events.get(random.nextInt(events.size()))); // a duplicate
        }
        assertThat(Fixtures.splits(db, p.id())).isEqualTo(1);
        // the model's own split (Split is property-tested on its own)
        Split.Result split = Split.of(amount, 1000, 2000, members.stream()
                .map(m -> new Split.Member(m.subjectId(), m.records())).toList());
        Map<String, Long> shares = new HashMap<>();
        split.subjects().forEach(s -> shares.put(s.subjectId(), s.amount()));
        shares.forEach((s, v) -> model.add(model.pending, s, v));
        model.consumerFunding -= amount;
        return new Booked(p, shares, new boolean[1], new boolean[1]);
    }

    /**
     * A purchase as pricing could make it: a non-empty cohort of the subjects (1 to 49 records each),
     * an amount of at least one minor unit (the contract's minimum), often a tiny one.
     */
    static Fixtures.Purchase randomPurchase(Random random, String consumer, String provider, List<String> subjects) {
        List<Fixtures.Member> members = new ArrayList<>();
        for (String s : subjects) {
            if (random.nextBoolean()) {
                members.add(new Fixtures.Member(s, 1 + random.nextInt(49)));
            }
        }
        if (members.isEmpty()) {
            members.add(new Fixtures.Member(subjects.get(random.nextInt(subjects.size())), 1 + random.nextInt(49)));
        }
        long amount = random.nextInt(4) == 0 ? 1 + random.nextInt(10) : 1 + random.nextInt(50_000);
        return Fixtures.purchase(Fixtures.purchaseId(), consumer, provider, amount, members, 1 + random.nextInt(3), "EUR");
    }

    /**
     * Events pricing never made, or not as sent: a purchase it never made (with its cohort), a
     * booked purchase re-sent for more money, or the refund of a purchase pricing has not refunded.
     * Each is dead-lettered; the model does not change.
     */
    void forgery(Random random, String consumer, String provider, List<String> subjects, List<Booked> booked) {
        List<EventEnvelope> forged = new ArrayList<>();
        switch (booked.isEmpty() ? 0 : random.nextInt(3)) {
            case 0 -> forged.addAll(randomPurchase(random, consumer, provider, subjects).events());
            case 1 -> {
                Fixtures.Purchase b = booked.get(random.nextInt(booked.size())).purchase();
                forged.add(Fixtures.withData(b.completed(), d -> d.put("amount", d.get("amount").asLong() * 10 + 1)));
            }
            default -> {
                Booked b = booked.get(random.nextInt(booked.size()));
                if (b.refunded()[0]) {
                    return; // pricing did refund that one: a repeat would rightly apply (as a no-op)
                }
                forged.add(b.purchase().refunded());
            }
        }
        EventEnvelope last = forged.get(forged.size() - 1);
        String ledgerOfPurchase = "SELECT count(*) || '/' || coalesce(string_agg(kind, ',' ORDER BY kind), '') "
                + "FROM ledger_tx WHERE reference = $1";
        String before = Rows.first(db, ledgerOfPurchase, last.subject()).getString(0);
        long funding = balance(db, "consumer", consumer, "funding");
        pricing.deliverAll(forged);
        assertThat(Rows.first(db, ledgerOfPurchase, last.subject()).getString(0)).as("nothing booked for a forgery")
                .isEqualTo(before);
        assertThat(balance(db, "consumer", consumer, "funding")).isEqualTo(funding);
        assertThat(Fixtures.processed(db, last)).as("dead-lettered, not processed").isFalse();
    }

    void refund(Random random, List<Booked> booked, Model model) {
        if (booked.isEmpty()) {
            return;
        }
        Booked b = booked.get(random.nextInt(booked.size()));
        pricing.refund(b.purchase());
        if (b.refunded()[0]) {
            return;
        }
        b.refunded()[0] = true;
        model.consumerFunding += b.purchase().amount();
        b.shares().forEach((s, v) -> model.add(b.released()[0] ? model.available : model.pending, s, -v));
    }

    void release(List<Booked> booked, Model model) {
        clock.advance(Duration.ofHours(2));
        await(() -> releases.releaseDue(clock.instant(), 10_000));
        for (Booked b : booked) {
            if (!b.released()[0] && !b.refunded()[0]) {
                b.released()[0] = true;
                b.shares().forEach((s, v) -> {
                    model.add(model.pending, s, -v);
                    model.add(model.available, s, v);
                });
            }
        }
    }

    void payout(Random random, List<String> subjects, Model model) {
        String s = subjects.get(random.nextInt(subjects.size()));
        long available = model.available.getOrDefault(s, 0L);
        long amount = 1000 + random.nextInt(random.nextBoolean() ? 30_000 : Math.max(1, (int) Math.min(30_000, available)));
        int status = given().auth().oauth2(Tokens.subject(s)).header("Idempotency-Key", Fixtures.id("k"))
                .contentType(ContentType.JSON).body("{\"amount\": " + amount + "}").post("/api/payouts").statusCode();
        if (amount <= available) {
            assertThat(status).isEqualTo(202);
            // settle before the next step, so that the model knows where the money is
            Fixtures.awaitPayoutsSettled(db);
            long paidNow = balance(db, "subject", s, "paid-out") - model.paidOut.getOrDefault(s, 0L);
            assertThat(paidNow).as("declined payouts return the money, others are paid in full")
                    .isEqualTo(declined.contains(s) ? 0L : amount);
            model.add(model.available, s, -paidNow);
            model.add(model.paidOut, s, paidNow);
        } else {
            assertThat(status).as("payout of %d above %d", amount, available).isEqualTo(409);
        }
    }
}
