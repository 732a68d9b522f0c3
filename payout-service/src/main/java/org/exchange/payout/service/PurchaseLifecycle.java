package org.exchange.payout.service;

import org.exchange.payout.Purchase;
import org.exchange.payout.Purchase.Status;

/**
 * The life of a purchase in this ledger, as a pure function (no database): which event moves a
 * purchase from which state to which, and what the ledger writes on the way. {@link PurchaseLedger}
 * and {@link PurchaseRelease} load the purchase, ask {@link #on}, carry out the effect and
 * {@link #enter} the next state; nothing else sets a purchase's status.
 * <pre>
 * (unknown) --completed--> AWAITING_COHORT --cohort complete: split--> PENDING --hold ended: release--> AVAILABLE
 *                                                                         |                                |
 *                                                                     refunded: void                refunded: reverse
 *                                                                         v                                v
 *                                                                       VOIDED                          REVERSED
 * (unknown) --refunded--> AWAITING_PURCHASE --completed--> AWAITING_COHORT, refund requested
 *                                              --cohort complete: split and void at once--> VOIDED
 * AWAITING_COHORT --refunded--> AWAITING_COHORT, refund requested
 * </pre>
 * Every other event changes nothing: a purchase or refund re-sent, a cohort that completes before
 * its purchase is known (the purchase splits when it comes) or after the split, a hold that ends
 * for a purchase that is not on hold. So each ledger effect (split, release, void or reversal)
 * happens at most once, and events may come in any order.
 */
public final class PurchaseLifecycle {

    private PurchaseLifecycle() {
    }

    public enum Event {
        /** {@code purchase.completed} (confirmed with pricing). */
        COMPLETED,
        /** Every chunk of the purchase's cohort is staged. */
        COHORT_COMPLETE,
        /** The hold period of a split purchase ended. */
        HOLD_ENDED,
        /** {@code purchase.refunded} (confirmed with pricing). */
        REFUNDED
    }

    /** What the ledger does about an event. */
    public enum Effect {
        /** Nothing: a repeat, or an event the purchase is not ready for (it is remembered elsewhere, or moot). */
        NONE,
        /** No money moves: the purchase (completed) or its refund (before the purchase) is remembered. */
        RECORD,
        /** The purchase is split; the shares are held. */
        SPLIT,
        /** The purchase is split and, its refund having come first, voided in the same transaction. */
        SPLIT_AND_VOID,
        /** The held shares become available. */
        RELEASE,
        /** Refunded during the hold: the split is negated. */
        VOID,
        /** Refunded after the hold: the split is taken back from the available accounts. */
        REVERSE
    }

    /** Where a purchase is: its status ({@code null} while nothing is known of it) and whether a refund came. */
    public record State(Status status, boolean refundRequested) {
        public static final State UNKNOWN = new State(null, false);
    }

    public record Transition(Effect effect, State next) {
    }

    /** The state of {@code p}, {@link State#UNKNOWN} for {@code null}. */
    public static State of(Purchase p) {
        return p == null ? State.UNKNOWN : new State(p.status, p.refundRequested);
    }

    /** Puts {@code p} into {@code next}. */
    public static void enter(Purchase p, State next) {
        p.status = next.status();
        p.refundRequested = next.refundRequested();
    }

    public static Transition on(State s, Event e) {
        Status status = s.status();
        boolean refund = s.refundRequested();
        if (status == null) {
            return switch (e) {
                case COMPLETED -> to(Effect.RECORD, Status.AWAITING_COHORT, false);
                case REFUNDED -> to(Effect.RECORD, Status.AWAITING_PURCHASE, true);
                case COHORT_COMPLETE, HOLD_ENDED -> stay(s);
            };
        }
        return switch (e) {
            case COMPLETED -> status == Status.AWAITING_PURCHASE
                    ? to(Effect.RECORD, Status.AWAITING_COHORT, refund) : stay(s);
            case COHORT_COMPLETE -> status != Status.AWAITING_COHORT ? stay(s)
                    : refund ? to(Effect.SPLIT_AND_VOID, Status.VOIDED, true) : to(Effect.SPLIT, Status.PENDING, false);
            case HOLD_ENDED -> status == Status.PENDING ? to(Effect.RELEASE, Status.AVAILABLE, refund) : stay(s);
            case REFUNDED -> refund ? stay(s) : switch (status) {
                case PENDING -> to(Effect.VOID, Status.VOIDED, true);
                case AVAILABLE -> to(Effect.REVERSE, Status.REVERSED, true);
                // not split yet: remembered; the split voids itself
                case AWAITING_PURCHASE, AWAITING_COHORT -> to(Effect.RECORD, status, true);
                case VOIDED, REVERSED -> stay(s);
            };
        };
    }

    private static Transition to(Effect effect, Status status, boolean refundRequested) {
        return new Transition(effect, new State(status, refundRequested));
    }

    private static Transition stay(State s) {
        return new Transition(Effect.NONE, s);
    }
}
