package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.exchange.payout.testing.Fixtures.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.payout.testing.Fixtures.count;

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
import org.exchange.kit.events.EventEnvelope;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Fixtures.Member;
import org.exchange.payout.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** pricing.events booked into the ledger: split exactly once, held, released, voided or reversed. */
@QuarkusTest
class PurchaseLedgerTest {

    @Inject
    PurchaseLedger ledger;

    @Inject
    LedgerVerifier verifier;

    @Inject
    MutableClock clock;

    @Inject
    Pool db;

    void deliver(EventEnvelope e) {
        await(() -> ledger.apply(e));
    }

    void deliverAll(List<EventEnvelope> events) {
        events.forEach(this::deliver);
    }

    void endHolds() {
        clock.advance(Duration.ofHours(2));
        await(() -> ledger.releaseDue(clock.instant(), 10_000));
    }

    long splits(String purchaseId) {
        return count(db, "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = $1", purchaseId);
    }

    void assertLedgerVerifies() {
        LedgerVerifier.Report report = await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
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
        Fixtures.Purchase p = Fixtures.purchase(1500, List.of(alice, bob), 5000);
        deliverAll(p.events());

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
        Fixtures.Purchase p = Fixtures.purchase(100_000, cohort(25, new Random(1)), 4);
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
        Fixtures.Purchase p = Fixtures.purchase(99_999, cohort(12, new Random(3)), 5);
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
        Fixtures.Purchase p = Fixtures.purchase(77_777, cohort(40, new Random(4)), 10);
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
        Fixtures.Purchase onHold = Fixtures.purchase(5_000, List.of(m), 10);
        deliverAll(onHold.events());
        deliver(onHold.refunded());
        deliver(onHold.refunded()); // a second refund event for the same purchase changes nothing
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'VOID'", onHold.id()))
                .isEqualTo(1);
        assertThat(balance(db, "subject", m.subjectId(), "pending")).isZero();
        assertThat(balance(db, "consumer", onHold.consumerId(), "funding")).isZero();

        Member n = new Member(Fixtures.id("subject"), 10);
        Fixtures.Purchase released = Fixtures.purchase(5_000, List.of(n), 10);
        deliverAll(released.events());
        endHolds();
        assertThat(balance(db, "subject", n.subjectId(), "available")).isEqualTo(3_500);
        deliver(released.refunded());
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
        Fixtures.Purchase p = Fixtures.purchase(4_000, List.of(m), 10);
        deliver(p.refunded());
        deliverAll(p.events());
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isEqualTo(2); // split + void
        assertThat(balance(db, "subject", m.subjectId(), "pending")).isZero();
        assertThat(count(db, "SELECT count(*) FROM purchase WHERE id = $1 AND status = 'VOIDED'", p.id())).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void aReleaseOfMoreCreditsThanOneOutboxBatchWritesEveryEventOnce() {
        List<Member> members = cohort(12_001, new Random(12));
        Fixtures.Purchase p = Fixtures.purchase(50_000_000, members, 5_000);
        deliverAll(p.events());
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
        Fixtures.Purchase p = Fixtures.purchase(123_457, members, 7);
        deliverAll(p.events());
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
    void aPurchaseInAnotherCurrencyFailsLoudlyAndBooksNothing() {
        Fixtures.Purchase p = Fixtures.purchase(Fixtures.id("purchase"), "c", "pr", 1000,
                List.of(new Member(Fixtures.id("s"), 1)), 10, "USD");
        deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        assertThatThrownBy(() -> deliver(p.completed())).hasMessageContaining("USD");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", p.completed().id())).isZero();
    }

    @Test
    void aCohortThatDoesNotMatchThePurchaseFailsLoudlyAndBooksNothing() {
        Fixtures.Purchase p = Fixtures.purchase(1000, List.of(new Member(Fixtures.id("s"), 5)), 10);
        // the completed event announces 2 subjects, the cohort holds 1
        Fixtures.Purchase liar = Fixtures.purchase(p.id(), p.consumerId(), p.providerId(), 1000,
                List.of(new Member(Fixtures.id("s"), 5), new Member(Fixtures.id("t"), 5)), 10, "EUR");
        deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        assertThatThrownBy(() -> deliver(liar.completed())).hasMessageContaining("cohort");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(splits(p.id())).isZero();
    }

    @Test
    void aSubjectListedTwiceInTheCohortGetsOneMergedShare() {
        String twice = Fixtures.id("twice");
        String once = Fixtures.id("once");
        Fixtures.Purchase p = Fixtures.purchase(1_000, List.of(new Member(twice, 3), new Member(once, 4),
                new Member(twice, 3)), 2); // two chunks, the subject in both
        deliverAll(p.events());
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
        deliverAll(Fixtures.purchase(500, List.of(new Member(Fixtures.id("s"), 1)), 10).events());
        assertThatThrownBy(() -> db.query("UPDATE posting SET amount = amount + 1").execute().await().indefinitely())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.query("DELETE FROM ledger_tx").execute().await().indefinitely())
                .hasMessageContaining("append-only");
    }
}
