package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.payout.Purchase.Status.AVAILABLE;
import static org.exchange.payout.Purchase.Status.AWAITING_COHORT;
import static org.exchange.payout.Purchase.Status.AWAITING_PURCHASE;
import static org.exchange.payout.Purchase.Status.PENDING;
import static org.exchange.payout.Purchase.Status.REVERSED;
import static org.exchange.payout.Purchase.Status.VOIDED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.exchange.payout.Purchase;
import org.exchange.payout.service.PurchaseLifecycle.Effect;
import org.exchange.payout.service.PurchaseLifecycle.Event;
import org.exchange.payout.service.PurchaseLifecycle.State;
import org.exchange.payout.service.PurchaseLifecycle.Transition;
import org.junit.jupiter.api.Test;

/**
 * The life of a purchase without a database: the documented transitions one by one, then random
 * orders of everything pricing may send about one purchase (each event any number of times) and
 * of the hold ending, driven the way PurchaseLedger and PurchaseRelease drive the lifecycle.
 */
class PurchaseLifecycleTest {

    static Transition on(Purchase.Status status, boolean refund, Event e) {
        return PurchaseLifecycle.on(new State(status, refund), e);
    }

    static void assertTransition(Transition t, Effect effect, Purchase.Status status, boolean refund) {
        assertThat(t.effect()).isEqualTo(effect);
        assertThat(t.next()).isEqualTo(new State(status, refund));
    }

    @Test
    void aPurchaseIsRecordedSplitWhenItsCohortIsCompleteThenReleasedAfterItsHold() {
        assertTransition(PurchaseLifecycle.on(State.UNKNOWN, Event.COMPLETED), Effect.RECORD, AWAITING_COHORT, false);
        assertTransition(on(AWAITING_COHORT, false, Event.COHORT_COMPLETE), Effect.SPLIT, PENDING, false);
        assertTransition(on(PENDING, false, Event.HOLD_ENDED), Effect.RELEASE, AVAILABLE, false);
    }

    @Test
    void aRefundVoidsDuringTheHoldAndReversesAfterIt() {
        assertTransition(on(PENDING, false, Event.REFUNDED), Effect.VOID, VOIDED, true);
        assertTransition(on(AVAILABLE, false, Event.REFUNDED), Effect.REVERSE, REVERSED, true);
    }

    @Test
    void aRefundBeforeTheSplitIsRememberedAndTheSplitVoidsItselfOnArrival() {
        assertTransition(PurchaseLifecycle.on(State.UNKNOWN, Event.REFUNDED), Effect.RECORD, AWAITING_PURCHASE, true);
        assertTransition(on(AWAITING_PURCHASE, true, Event.COMPLETED), Effect.RECORD, AWAITING_COHORT, true);
        assertTransition(on(AWAITING_COHORT, false, Event.REFUNDED), Effect.RECORD, AWAITING_COHORT, true);
        assertTransition(on(AWAITING_COHORT, true, Event.COHORT_COMPLETE), Effect.SPLIT_AND_VOID, VOIDED, true);
    }

    @Test
    void whatComesTooEarlyOrAgainChangesNothing() {
        // a cohort complete before its purchase is known: the purchase splits when it comes
        assertTransition(PurchaseLifecycle.on(State.UNKNOWN, Event.COHORT_COMPLETE), Effect.NONE, null, false);
        assertTransition(on(AWAITING_PURCHASE, true, Event.COHORT_COMPLETE), Effect.NONE, AWAITING_PURCHASE, true);
        // no hold to end before the split
        assertTransition(on(AWAITING_COHORT, false, Event.HOLD_ENDED), Effect.NONE, AWAITING_COHORT, false);
        // repeats
        assertTransition(on(AWAITING_COHORT, false, Event.COMPLETED), Effect.NONE, AWAITING_COHORT, false);
        assertTransition(on(PENDING, false, Event.COMPLETED), Effect.NONE, PENDING, false);
        assertTransition(on(PENDING, false, Event.COHORT_COMPLETE), Effect.NONE, PENDING, false);
        assertTransition(on(AVAILABLE, false, Event.HOLD_ENDED), Effect.NONE, AVAILABLE, false);
        assertTransition(on(AWAITING_PURCHASE, true, Event.REFUNDED), Effect.NONE, AWAITING_PURCHASE, true);
        for (Purchase.Status done : List.of(VOIDED, REVERSED)) {
            for (Event e : Event.values()) {
                assertTransition(on(done, true, e), Effect.NONE, done, true);
            }
        }
    }

    @Test
    void theStateOfAPurchaseIsReadAndEnteredOnTheEntity() {
        assertThat(PurchaseLifecycle.of(null)).isEqualTo(State.UNKNOWN);
        Purchase p = new Purchase();
        PurchaseLifecycle.enter(p, new State(AWAITING_COHORT, true));
        assertThat(p.status).isEqualTo(AWAITING_COHORT);
        assertThat(p.refundRequested).isTrue();
        assertThat(PurchaseLifecycle.of(p)).isEqualTo(new State(AWAITING_COHORT, true));
    }

    // --- random orders --------------------------------------------------------------------------

    /** What may happen to one purchase: pricing's events (the last chunk staged is when its cohort completes) and the hold ending. */
    enum Happening { COMPLETED, LAST_CHUNK, REFUNDED, HOLD_ENDED }

    /**
     * The lifecycle driven as the service drives it: {@code purchase.completed} and a newly staged
     * last chunk each try the split (which needs both); the release job ends the hold of a purchase
     * it finds PENDING. Tracks one unit of money: where it is (held, available) and every effect.
     */
    static final class Run {
        State state = State.UNKNOWN;
        boolean cohortComplete;
        boolean releasedBeforeRefund;
        final List<Effect> effects = new ArrayList<>();
        final List<State> visited = new ArrayList<>(List.of(State.UNKNOWN));
        long held;
        long available;

        Run play(List<Happening> happenings) {
            for (Happening h : happenings) {
                switch (h) {
                    case COMPLETED -> {
                        if (apply(Event.COMPLETED) != Effect.NONE) {
                            splitIfComplete();
                        }
                    }
                    case LAST_CHUNK -> {
                        if (!cohortComplete) { // a chunk staged again is a no-op
                            cohortComplete = true;
                            if (state.status() != null) {
                                splitIfComplete();
                            }
                        }
                    }
                    case REFUNDED -> apply(Event.REFUNDED);
                    case HOLD_ENDED -> {
                        if (state.status() == PENDING) {
                            apply(Event.HOLD_ENDED);
                        }
                    }
                }
            }
            return this;
        }

        void splitIfComplete() {
            if (cohortComplete && PurchaseLifecycle.on(state, Event.COHORT_COMPLETE).effect() != Effect.NONE) {
                apply(Event.COHORT_COMPLETE);
            }
        }

        Effect apply(Event e) {
            Transition t = PurchaseLifecycle.on(state, e);
            switch (t.effect()) {
                case SPLIT -> held++;
                case SPLIT_AND_VOID -> { held++; held--; }
                case RELEASE -> { held--; available++; releasedBeforeRefund = true; }
                case VOID -> held--;
                case REVERSE -> available--;
                default -> { }
            }
            assertThat(held).as("held after %s", effects).isBetween(0L, 1L);
            assertThat(available).as("available after %s", effects).isBetween(0L, 1L);
            if (t.effect() != Effect.NONE) {
                effects.add(t.effect());
            }
            state = t.next();
            visited.add(state);
            return t.effect();
        }

        long count(Effect... which) {
            Set<Effect> set = EnumSet.of(which[0], which);
            return effects.stream().filter(set::contains).count();
        }
    }

    @Provide
    Arbitrary<List<Happening>> histories() {
        return Arbitraries.of(Happening.class).list().ofMinSize(0).ofMaxSize(14);
    }

    @Provide
    Arbitrary<List<Happening>> purchasesWithTheirCohort() {
        return histories().filter(h -> h.contains(Happening.COMPLETED) && h.contains(Happening.LAST_CHUNK));
    }

    @Property(tries = 2000)
    void eachLedgerEffectHappensAtMostOnceAndMoneyIsNeverHeldTwice(@ForAll("histories") List<Happening> history) {
        Run run = new Run().play(history);
        assertThat(run.count(Effect.SPLIT, Effect.SPLIT_AND_VOID)).isLessThanOrEqualTo(1);
        assertThat(run.count(Effect.RELEASE)).isLessThanOrEqualTo(1);
        assertThat(run.count(Effect.VOID, Effect.REVERSE, Effect.SPLIT_AND_VOID)).isLessThanOrEqualTo(1);
        // nothing moves before the split, and a release never follows a refund
        int split = Math.max(run.effects.indexOf(Effect.SPLIT), run.effects.indexOf(Effect.SPLIT_AND_VOID));
        for (Effect e : List.of(Effect.RELEASE, Effect.VOID, Effect.REVERSE)) {
            int at = run.effects.indexOf(e);
            assertThat(at < 0 || (split >= 0 && at > split)).as("%s after the split in %s", e, run.effects).isTrue();
        }
        int refunded = Math.max(run.effects.indexOf(Effect.VOID), run.effects.indexOf(Effect.REVERSE));
        assertThat(refunded < 0 || run.effects.indexOf(Effect.RELEASE) < refunded).isTrue();
    }

    @Property(tries = 2000)
    void aPurchaseWithItsCohortIsSplitOnceAndEndsWhereItsRefundAndHoldSay(
            @ForAll("purchasesWithTheirCohort") List<Happening> history) {
        Run run = new Run().play(history);
        assertThat(run.count(Effect.SPLIT, Effect.SPLIT_AND_VOID)).as("%s", history).isEqualTo(1);
        if (history.contains(Happening.REFUNDED)) {
            assertThat(run.state.status()).isIn(VOIDED, REVERSED);
            assertThat(run.held + run.available).as("a refunded purchase holds nothing").isZero();
            assertThat(run.state.status() == REVERSED).isEqualTo(run.releasedBeforeRefund);
        } else {
            assertThat(run.held + run.available).isEqualTo(1);
            assertThat(run.state.status()).isEqualTo(run.count(Effect.RELEASE) == 1 ? AVAILABLE : PENDING);
        }
    }

    @Property(tries = 1000)
    void withoutBothItsPurchaseAndItsCohortNoMoneyMoves(@ForAll("histories") List<Happening> history,
                                                        @ForAll boolean withoutPurchase) {
        Happening missing = withoutPurchase ? Happening.COMPLETED : Happening.LAST_CHUNK;
        Run run = new Run().play(history.stream().filter(h -> h != missing).toList());
        assertThat(run.effects).allMatch(e -> e == Effect.RECORD);
        assertThat(run.held + run.available).isZero();
        assertThat(run.state.status()).isIn(null, AWAITING_PURCHASE, AWAITING_COHORT);
    }

    @Property(tries = 1000)
    void anEventRightAfterItselfChangesNothingAndNoStateGoesBack(@ForAll("histories") List<Happening> history) {
        Run run = new Run().play(history);
        Set<State> reached = new LinkedHashSet<>(run.visited);
        for (State s : reached) {
            for (Event e : Event.values()) {
                Transition once = PurchaseLifecycle.on(s, e);
                Transition twice = PurchaseLifecycle.on(once.next(), e);
                assertThat(twice.effect()).as("%s twice from %s", e, s).isEqualTo(Effect.NONE);
                assertThat(twice.next()).isEqualTo(once.next());
                assertThat(rank(once.next())).as("%s from %s", e, s).isGreaterThanOrEqualTo(rank(s));
                assertThat(!s.refundRequested() || once.next().refundRequested()).as("a refund is never forgotten").isTrue();
            }
        }
    }

    /** The order of the lifecycle: a purchase only moves forward. */
    static int rank(State s) {
        if (s.status() == null) {
            return 0;
        }
        return switch (s.status()) {
            case AWAITING_PURCHASE -> 1;
            case AWAITING_COHORT -> 2;
            case PENDING -> 3;
            case AVAILABLE -> 4;
            case VOIDED, REVERSED -> 5;
        };
    }
}
