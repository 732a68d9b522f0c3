package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.exchange.payout.testing.Fixtures.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.testing.Rows.count;

import io.quarkus.test.junit.QuarkusTest;
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
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.payout.client.PricingApi;
import org.exchange.payout.testing.FakePricing;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Fixtures.Member;
import org.exchange.payout.testing.MutableClock;
import org.exchange.payout.testing.PricingFeed;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Rows;
import org.junit.jupiter.api.Test;

/** pricing.events booked into the ledger: split exactly once, held, released, voided or reversed. */
@QuarkusTest
class PurchaseLedgerTest {

    @Inject
    PurchaseRelease releases;

    @Inject
    PricingFeed pricing;

    @Inject
    FakePricing fakePricing;

    @Inject
    LedgerVerifier verifier;

    @Inject
    MutableClock clock;

    @Inject
    Pool db;

    /** Through the real consumer path: a signed record handed to PricingEventsConsumer. */
    void deliver(EventEnvelope e) {
        pricing.deliver(e);
    }

    void deliverAll(List<EventEnvelope> events) {
        events.forEach(this::deliver);
    }

    void endHolds() {
        clock.advance(Duration.ofHours(2));
        await(() -> releases.releaseDue(clock.instant(), 10_000));
    }

    long splits(String purchaseId) {
        return Fixtures.splits(db, purchaseId);
    }

    void assertLedgerVerifies() {
        LedgerVerifier.Report report = await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
        assertThat(report.purchasesReconciled())
                .isEqualTo(count(db, "SELECT count(*) FROM purchase WHERE split_tx IS NOT NULL"));
    }

    static List<Member> cohort(int n, Random random) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new Member(Fixtures.id("subject"), 1 + random.nextInt(300)));
        }
        return members;
    }

    @Test
    void aPurchaseIsSplitToTheCentIntoPlatformProviderAndSubjectsAsPending() {
        Member alice = new Member(Fixtures.id("alice"), 120);
        Member bob = new Member(Fixtures.id("bob"), 80);
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(1500, List.of(alice, bob), 5000));

        assertThat(balance(db, "subject", alice.subjectId(), "pending")).isEqualTo(630);
        assertThat(balance(db, "subject", bob.subjectId(), "pending")).isEqualTo(420);
        assertThat(balance(db, "provider", p.providerId(), "pending")).isEqualTo(300);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-1500);
        assertThat(balance(db, "subject", alice.subjectId(), "available")).isZero();
        assertThat(count(db, "SELECT coalesce(sum(amount), 0)::bigint FROM posting p JOIN ledger_tx t ON t.id = p.tx_id "
                + "WHERE t.reference = $1", p.id())).isZero();
        assertThat(count(db, "SELECT count(*) FROM posting p JOIN ledger_tx t ON t.id = p.tx_id WHERE t.reference = $1",
                p.id())).isEqualTo(5); // consumer, platform, provider, alice, bob
        assertLedgerVerifies();
    }

    @Test
    void chunksArrivingAfterCompletedAndInAnyOrderSplitOnceTheLastArrives() {
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(100_000, cohort(25, new Random(1)), 4));
        deliver(p.completed());
        List<EventEnvelope> chunks = new ArrayList<>(p.chunks());
        Collections.shuffle(chunks, new Random(2));
        for (int i = 0; i < chunks.size(); i++) {
            assertThat(splits(p.id())).as("split before every chunk arrived").isZero();
            deliver(chunks.get(i));
        }
        assertThat(splits(p.id())).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM earning WHERE purchase_id = $1 AND owner_kind = 'subject'", p.id()))
                .isEqualTo(25);
        assertLedgerVerifies();
    }

    @Test
    void theSameEventsDeliveredManyTimesSplitOnce() {
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(99_999, cohort(12, new Random(3)), 5));
        for (int round = 0; round < 5; round++) {
            deliverAll(p.events());
            // also re-sent under new event ids, as a producer retrying after a timeout would
            p.events().forEach(e -> deliver(Fixtures.resentUnderNewId(e)));
        }
        assertThat(splits(p.id())).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM cohort_member WHERE purchase_id = $1", p.id())).isEqualTo(12);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-99_999);
        assertLedgerVerifies();
    }

    @Test
    void concurrentDeliveriesOfTheSameEventsSplitOnce() throws Exception {
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(77_777, cohort(40, new Random(4)), 10));
        List<Callable<Void>> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 6; copy++) {
            for (EventEnvelope e : p.events()) {
                EventEnvelope event = copy % 2 == 0 ? e : Fixtures.resentUnderNewId(e);
                deliveries.add(() -> {
                    deliver(event);
                    return null;
                });
            }
        }
        Collections.shuffle(deliveries, new Random(5));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> f : pool.invokeAll(deliveries)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(splits(p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-77_777);
        assertThat(count(db, "SELECT coalesce(sum(balance), 0)::bigint FROM account WHERE id LIKE 'subject:%:pending' "
                + "AND owner_id IN (SELECT owner_id FROM earning WHERE purchase_id = $1)", p.id()))
                .isEqualTo(77_777 - 7_777 - 15_555);
        assertLedgerVerifies();
    }

    @Test
    void aRefundDuringTheHoldVoidsTheSplitAndAfterItPostsAReversal() {
        Member m = new Member(Fixtures.id("subject"), 10);
        Fixtures.Purchase onHold = pricing.book(Fixtures.purchase(5_000, List.of(m), 10));
        pricing.refund(onHold);
        deliver(onHold.refunded()); // a second refund event for the same purchase changes nothing
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'VOID'", onHold.id()))
                .isEqualTo(1);
        assertThat(balance(db, "subject", m.subjectId(), "pending")).isZero();
        assertThat(balance(db, "consumer", onHold.consumerId(), "funding")).isZero();

        Member n = new Member(Fixtures.id("subject"), 10);
        Fixtures.Purchase released = pricing.book(Fixtures.purchase(5_000, List.of(n), 10));
        endHolds();
        assertThat(balance(db, "subject", n.subjectId(), "available")).isEqualTo(3_500);
        pricing.refund(released);
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'REVERSAL'", released.id()))
                .isEqualTo(1);
        assertThat(balance(db, "subject", n.subjectId(), "available")).isZero();
        assertThat(balance(db, "subject", n.subjectId(), "pending")).isZero();
        assertThat(balance(db, "consumer", released.consumerId(), "funding")).isZero();
        // the voided share was never credited; the released one was, once
        assertThat(count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%earnings.credited%'",
                m.subjectId())).isZero();
        assertThat(count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%earnings.credited%'",
                n.subjectId())).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void aRefundThatOvertakesItsPurchaseVoidsTheSplitOnArrival() {
        Member m = new Member(Fixtures.id("subject"), 3);
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(4_000, List.of(m), 10));
        pricing.refund(p); // pricing refunded it at once; its refund event overtakes the purchase's
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isZero();
        deliverAll(p.events());
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isEqualTo(2); // split + void
        assertThat(balance(db, "subject", m.subjectId(), "pending")).isZero();
        assertThat(count(db, "SELECT count(*) FROM purchase WHERE id = $1 AND status = 'VOIDED'", p.id())).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void aReleaseOfMoreCreditsThanOneOutboxBatchWritesEveryEventOnce() {
        List<Member> members = cohort(12_001, new Random(12));
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(50_000_000, members, 5_000));
        endHolds();
        long credited = count(db, "SELECT count(*) FROM earning WHERE purchase_id = $1 AND owner_kind <> 'platform' AND amount > 0",
                p.id());
        assertThat(credited).as("every subject and the provider earn something").isEqualTo(12_002);
        // 12,002 events span three statements of 5,000 rows: none lost at a boundary, none written twice
        assertThat(count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%earnings.credited%' AND payload LIKE $1",
                "%" + p.id() + "%")).isEqualTo(credited);
        assertThat(count(db, "SELECT count(DISTINCT event_key) FROM outbox WHERE payload LIKE '%earnings.credited%' "
                + "AND payload LIKE $1", "%" + p.id() + "%")).isEqualTo(credited);
        assertThat(count(db, "SELECT count(DISTINCT event_id) FROM outbox WHERE payload LIKE '%earnings.credited%' "
                + "AND payload LIKE $1", "%" + p.id() + "%")).isEqualTo(credited);
        assertLedgerVerifies();
    }

    @Test
    void releasingIsExactlyOnceAndCreditsEverySubjectAndTheProvider() {
        List<Member> members = cohort(30, new Random(6));
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(123_457, members, 7));
        endHolds();
        endHolds();
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'RELEASE'", p.id())).isEqualTo(1);
        long subjects = 0;
        for (Member m : members) {
            subjects += balance(db, "subject", m.subjectId(), "available");
            assertThat(balance(db, "subject", m.subjectId(), "pending")).isZero();
        }
        assertThat(subjects + balance(db, "provider", p.providerId(), "available")).isEqualTo(123_457 - 12_345);
        assertThat(count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%earnings.credited%' AND payload LIKE $1",
                "%" + p.id() + "%")).isEqualTo(count(db,
                "SELECT count(*) FROM earning WHERE purchase_id = $1 AND owner_kind <> 'platform' AND amount > 0", p.id()));
        assertLedgerVerifies();
    }

    @Test
    void aPurchaseInAnotherCurrencyIsDeadLetteredAndBooksNothing() {
        // pricing really made it, in USD: it is confirmed, but this deployment settles in EUR
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(Fixtures.purchaseId(), "c", "pr", 1000,
                List.of(new Member(Fixtures.id("s"), 1)), 10, "USD"));
        deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        deliver(p.completed());
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(p.completed());
        assertThat(letter.reason()).isEqualTo("wrong-currency");
        assertThat(letter.headers().get("dlq-detail")).contains("USD");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(Fixtures.processed(db, p.completed())).as("a dead-lettered event is not recorded as processed").isFalse();
        assertLedgerVerifies();
    }

    @Test
    void aCohortThatDoesNotMatchThePurchaseIsDeadLetteredAndBooksNothing() {
        Fixtures.Purchase p = Fixtures.purchase(1000, List.of(new Member(Fixtures.id("s"), 5)), 10);
        // pricing made the purchase with 2 subjects; the cohort that arrived holds 1
        Fixtures.Purchase liar = pricing.made(Fixtures.purchase(p.id(), p.consumerId(), p.providerId(), 1000,
                List.of(new Member(Fixtures.id("s"), 5), new Member(Fixtures.id("t"), 5)), 10, "EUR"));
        deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        deliver(liar.completed());
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(liar.completed());
        assertThat(letter.reason()).isEqualTo("cohort-mismatch");
        assertThat(letter.headers().get("dlq-detail")).contains("cohort");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(Fixtures.ledgerStateOf(db, liar)).isEqualTo("0/0/0/none/0/0");
        assertThat(splits(p.id())).isZero();
        assertLedgerVerifies();
    }

    @Test
    void aCohortThatHashesToTheRootButDoesNotAddUpToWhatPricingSoldIsDeadLetteredAndBooksNothing() {
        // pricing's record says 2 subjects and 6 records, but the cohort it committed to (and sent) holds 1 and 5:
        // confirmation and the root check pass, only the counts tell
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(1000, List.of(new Member(Fixtures.id("s"), 5)), 10));
        fakePricing.change(p.id(), r -> new PricingApi.PurchaseRecord(r.purchaseId(), r.quoteId(), r.consumerId(),
                r.providerId(), r.datasetId(), r.purpose(), r.amount(), r.currency(), 2, 6, r.status(), r.cohortRoot(),
                r.createdAt(), r.refundedAt()));
        EventEnvelope completed = Fixtures.withData(p.completed(), d -> d.put("subjects", 2).put("records", 6));
        deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        deliver(completed);
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(completed);
        assertThat(letter.reason()).isEqualTo("cohort-mismatch");
        assertThat(letter.headers().get("dlq-detail")).contains("announced 2 subjects and 6 records")
                .contains("its cohort has 1 and 5");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(splits(p.id())).isZero();
        fakePricing.forget(p.id()); // the ledger check of later tests reconciles only what was booked
        assertLedgerVerifies();
    }

    @Test
    void aPurchaseBookedBeforeCohortRootsIsStillCheckedByItsCounts() {
        Member m = new Member(Fixtures.id("s"), 5);
        Fixtures.Purchase p = pricing.made(Fixtures.purchase(2000, List.of(m, new Member(Fixtures.id("t"), 5)), 1));
        deliver(p.completed());
        deliver(p.chunks().get(0));
        // as a purchase confirmed before V2 (no root) and still waiting for its cohort
        Rows.exec(db, "UPDATE purchase SET cohort_root = NULL WHERE id = $1", p.id());
        EventEnvelope tooMany = Fixtures.chunks(p.id(), List.of(
                new CohortMember(Fixtures.id("u"), 3, "c", 1), new CohortMember(Fixtures.id("v"), 2, "c", 1)), 2).get(0);
        EventEnvelope lastChunk = Fixtures.withData(tooMany, d -> d.put("chunk", 1).put("chunks", 2));
        String before = Fixtures.ledgerStateOf(db, p);
        deliver(lastChunk);
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(lastChunk);
        assertThat(letter.reason()).isEqualTo("cohort-mismatch");
        assertThat(letter.headers().get("dlq-detail")).contains("announced 2 subjects and 10 records");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(splits(p.id())).isZero();
        // the genuine last chunk still splits it
        deliver(p.chunks().get(1));
        assertThat(splits(p.id())).isEqualTo(1);
        assertThat(balance(db, "subject", m.subjectId(), "pending")).isEqualTo(700);
        assertLedgerVerifies();
    }

    @Test
    void aSubjectListedTwiceInTheCohortGetsOneMergedShare() {
        String twice = Fixtures.id("twice");
        String once = Fixtures.id("once");
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(1_000, List.of(new Member(twice, 3), new Member(once, 4),
                new Member(twice, 3)), 2)); // two chunks, the subject in both
        assertThat(count(db, "SELECT count(*) FROM earning WHERE purchase_id = $1 AND owner_kind = 'subject'", p.id()))
                .isEqualTo(2);
        assertThat(count(db, "SELECT weight FROM earning WHERE purchase_id = $1 AND owner_id = $2", p.id(), twice))
                .isEqualTo(6);
        // pool 700: 700 x 6/10 = 420, 700 x 4/10 = 280
        assertThat(balance(db, "subject", twice, "pending")).isEqualTo(420);
        assertThat(balance(db, "subject", once, "pending")).isEqualTo(280);
        assertLedgerVerifies();
    }

    @Test
    void theLedgerIsAppendOnlyInTheDatabase() {
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(500, List.of(new Member(Fixtures.id("s"), 1)), 10));
        assertThat(splits(p.id())).isEqualTo(1);
        assertThatThrownBy(() -> Rows.exec(db, "UPDATE posting SET amount = amount + 1"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> Rows.exec(db, "DELETE FROM ledger_tx"))
                .hasMessageContaining("append-only");
    }
}
