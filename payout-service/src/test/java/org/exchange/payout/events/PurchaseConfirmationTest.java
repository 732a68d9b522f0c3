package org.exchange.payout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.testing.Rows.count;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.payout.service.LedgerVerifier;
import org.exchange.payout.testing.FakePricing;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Fixtures.Member;
import org.exchange.payout.testing.Funds;
import org.exchange.payout.testing.PricingFeed;
import org.exchange.testing.DeadLetterTopic;
import org.junit.jupiter.api.Test;

/**
 * Money moves only for purchases pricing-service really made, as it made them: every
 * purchase.completed and purchase.refunded is confirmed with pricing (FakePricing here), and the
 * cohort that arrives must hash to the root pricing committed to. Delivered through the real
 * consumer path (signed records handed to PricingEventsConsumer on a Vert.x context).
 */
@QuarkusTest
class PurchaseConfirmationTest {

    @Inject
    PricingFeed feed;

    @Inject
    FakePricing pricing;

    @Inject
    Funds funds;

    @Inject
    LedgerVerifier verifier;

    @Inject
    Pool db;

    DeadLetterTopic.Letter assertDeadLettered(EventEnvelope e, String reason) {
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(e);
        assertThat(letter.reason()).as("reason of %s: %s", e.type(), letter.headers().get("dlq-detail")).isEqualTo(reason);
        assertThat(letter.headers()).containsEntry("dlq-consumer", Fixtures.CONSUMER)
                .containsEntry("dlq-topic", Fixtures.TOPIC);
        assertThat(Fixtures.processed(db, e)).as("a dead-lettered event is not recorded as processed").isFalse();
        return letter;
    }

    void assertLedgerVerifies() {
        LedgerVerifier.Report report = Fixtures.await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
    }

    static List<Member> cohort(int n) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new Member(Fixtures.id("subject"), 10 + i));
        }
        return members;
    }

    @Test
    void aPurchasePricingNeverMadeIsUnconfirmedAndCreditsNobody() {
        String victim = Fixtures.id("subject");
        funds.available(victim, 10_000);
        long victimBefore = Fixtures.holdings(db, "subject", victim);
        Fixtures.Purchase forged = Fixtures.purchase(1_000_000_000L, List.of(new Member(victim, 10)), 10);
        String before = Fixtures.ledgerStateOf(db, forged);

        feed.deliverAll(forged.events()); // pricing never made it

        assertThat(assertDeadLettered(forged.completed(), "unconfirmed").headers().get("dlq-detail"))
                .contains("never made purchase " + forged.id());
        assertThat(Fixtures.ledgerStateOf(db, forged)).isEqualTo(before);
        assertThat(Fixtures.holdings(db, "subject", victim)).isEqualTo(victimBefore);
        assertThat(Fixtures.splits(db, forged.id())).isZero();
        assertLedgerVerifies();
    }

    @Test
    void aPurchaseDifferingFromPricingsRecordInAmountCohortRootConsumerOrProviderIsUnconfirmed() {
        Fixtures.Purchase p = feed.made(Fixtures.purchase(20_000, cohort(3), 2));
        feed.deliverAll(p.chunks());
        String before = Fixtures.ledgerStateOf(db, p);
        String otherRoot = Cohorts.root(List.of(new CohortMember(Fixtures.id("attacker"), 10, "c", 1)));
        List<Consumer<ObjectNode>> lies = List.of(
                d -> d.put("amount", 1_000_000_000L),                       // more money
                d -> d.put("amount", d.get("amount").asLong() - 1),         // less money
                d -> d.put("cohortRoot", otherRoot),                         // another cohort
                d -> d.put("consumerId", Fixtures.id("consumer")),          // someone else pays
                d -> d.put("providerId", Fixtures.id("attacker")),          // someone else is paid as provider
                d -> d.put("subjects", d.get("subjects").asInt() + 1),
                d -> d.put("records", d.get("records").asLong() + 1));
        for (Consumer<ObjectNode> lie : lies) {
            EventEnvelope lied = Fixtures.withData(p.completed(), lie);
            feed.deliver(lied);
            assertThat(assertDeadLettered(lied, "unconfirmed").headers().get("dlq-detail"))
                    .contains("differs from pricing's record");
            assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        }
        // the purchase as pricing made it is still booked, exactly once
        feed.deliver(p.completed());
        assertThat(Fixtures.splits(db, p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-20_000);
        assertThat(balance(db, "provider", p.providerId(), "pending")).isEqualTo(4_000);
        assertLedgerVerifies();
    }

    @Test
    void aCohortThatDoesNotHashToTheConfirmedRootIsACohortMismatchAndNothingIsSplit() {
        String attacker = Fixtures.id("attacker");
        // each forgery keeps the announced counts (3 subjects, same total records), so only the root tells
        List<UnaryOperator<List<CohortMember>>> forgeries = List.of(
                c -> List.of(new CohortMember(attacker, c.get(0).records(), c.get(0).consentId(), 1), c.get(1), c.get(2)),
                c -> List.of(new CohortMember(c.get(0).subjectId(), c.get(0).records() + 5, c.get(0).consentId(), 1),
                        new CohortMember(c.get(1).subjectId(), c.get(1).records() - 5, c.get(1).consentId(), 1), c.get(2)),
                c -> List.of(c.get(1), c.get(0), c.get(2)), // the pinned order changed
                c -> List.of(new CohortMember(c.get(0).subjectId(), c.get(0).records(), c.get(0).consentId(), 2),
                        c.get(1), c.get(2))); // another consent version
        for (var forge : forgeries) {
            Fixtures.Purchase p = feed.made(Fixtures.purchase(30_000, cohort(3), 10));
            List<CohortMember> forged = forge.apply(p.cohort());
            assertThat(forged.stream().mapToLong(CohortMember::records).sum()).isEqualTo(p.records());
            EventEnvelope forgedChunk = Fixtures.chunks(p.id(), forged, 10).get(0);
            feed.deliver(p.completed());   // confirmed: pricing made exactly this purchase
            assertThat(count(db, "SELECT count(*) FROM purchase WHERE id = $1 AND status = 'AWAITING_COHORT'", p.id()))
                    .isEqualTo(1);
            String before = Fixtures.ledgerStateOf(db, p);
            feed.deliver(forgedChunk);     // the last chunk arrives, and does not hash to the confirmed root

            assertDeadLettered(forgedChunk, "cohort-mismatch");
            assertThat(Fixtures.splits(db, p.id())).isZero();
            assertThat(balance(db, "consumer", p.consumerId(), "funding")).isZero();
            assertThat(Fixtures.holdings(db, "subject", attacker)).isZero();
            assertThat(count(db, "SELECT count(*) FROM earning WHERE purchase_id = $1", p.id())).isZero();
            assertThat(Fixtures.ledgerStateOf(db, p)).as("still waiting for its cohort, nothing booked").isEqualTo(before);
            assertThat(count(db, "SELECT count(*) FROM cohort_member WHERE purchase_id = $1", p.id()))
                    .as("the forged chunk is not staged").isZero();

            // the genuine chunk still arrives, and splits the purchase over exactly the pinned cohort
            feed.deliver(p.chunks().get(0));
            assertThat(Fixtures.splits(db, p.id())).isEqualTo(1);
            for (Member m : p.members()) {
                assertThat(balance(db, "subject", m.subjectId(), "pending")).isPositive();
            }
        }
        assertLedgerVerifies();
    }

    @Test
    void aRefundPricingDidNotMakeIsUnconfirmedAndVoidsNothing() {
        Fixtures.Purchase p = feed.book(Fixtures.purchase(8_000, cohort(2), 10));
        String before = Fixtures.ledgerStateOf(db, p);

        EventEnvelope notRefunded = p.refunded(); // pricing holds it as COMPLETED
        feed.deliver(notRefunded);
        assertDeadLettered(notRefunded, "unconfirmed");
        assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'VOID'", p.id())).isZero();
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-8_000);

        // a refund of a purchase pricing never made leaves no trace either (no stub waiting for it)
        Fixtures.Purchase unknown = Fixtures.purchase(8_000, cohort(1), 10);
        EventEnvelope forgedRefund = unknown.refunded();
        feed.deliver(forgedRefund);
        assertDeadLettered(forgedRefund, "unconfirmed");
        assertThat(count(db, "SELECT count(*) FROM purchase WHERE id = $1", unknown.id())).isZero();

        // once pricing has refunded it, the refund voids the split
        feed.refund(p);
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1 AND kind = 'VOID'", p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isZero();
        assertLedgerVerifies();
    }

    @Test
    void whilePricingIsUnreachableAPurchaseIsRetriedNotDeadLetteredAndBookedOnceWhenItAnswers() throws Exception {
        Fixtures.Purchase p = feed.made(Fixtures.purchase(12_000, cohort(2), 10));
        feed.deliverAll(p.chunks()); // chunks need no confirmation
        String before = Fixtures.ledgerStateOf(db, p);
        CompletableFuture<Void> delivery;
        pricing.unavailable();
        try {
            int asked = pricing.calls.get();
            delivery = CompletableFuture.runAsync(() -> feed.deliver(p.completed()));
            await().atMost(Duration.ofSeconds(30)).until(() -> pricing.calls.get() >= asked + 3);
            assertThat(delivery).as("still retrying, not given up").isNotDone();
            assertThat(Fixtures.ledgerStateOf(db, p)).isEqualTo(before);
            assertThat(Fixtures.processed(db, p.completed())).isFalse();
        } finally {
            pricing.available();
        }
        delivery.get(60, TimeUnit.SECONDS);
        assertThat(Fixtures.splits(db, p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-12_000);
        assertThat(Fixtures.processed(db, p.completed())).isTrue();
        assertThat(Fixtures.deadLettersNow(l -> p.id().equals(l.key()))).as("never dead-lettered").isEmpty();
        // delivered again (the broker redelivers after the outage): booked once all the same
        feed.deliver(p.completed());
        feed.deliver(Fixtures.resentUnderNewId(p.completed()));
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isEqualTo(1);
        assertLedgerVerifies();
    }

    @Test
    void eventIdsOfRejectedEventsAreNotUsedUp() {
        // an event dead-lettered while pricing did not hold the purchase yet is not remembered as
        // processed: the same event, redelivered once pricing holds it, is booked
        Fixtures.Purchase p = Fixtures.purchase(3_000, cohort(1), 10);
        feed.deliverAll(p.events());
        assertDeadLettered(p.completed(), "unconfirmed");
        assertThat(Fixtures.splits(db, p.id())).isZero();
        feed.made(p);
        feed.deliver(p.completed());
        assertThat(Fixtures.splits(db, p.id())).isEqualTo(1);
        assertLedgerVerifies();
    }
}
