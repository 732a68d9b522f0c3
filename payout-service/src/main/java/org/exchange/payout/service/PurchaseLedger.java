package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.payout.Purchase;
import org.exchange.payout.config.PayoutConfig;
import org.exchange.payout.repository.PurchaseRepository;
import org.exchange.payout.service.PurchaseLifecycle.Event;
import org.exchange.payout.service.PurchaseLifecycle.Transition;

/**
 * Applies {@code pricing.events} to the ledger, exactly once in effect: the kit's consumer runs
 * each event in one database transaction that records its id (a repeat stops there); the handler
 * takes the purchase-ledger lock, checks the event ({@link PurchaseChecks}), row-locks the
 * purchase, asks its {@link PurchaseLifecycle} what the event means now and carries that out
 * (staging, {@link PurchaseSplit}, {@link PurchaseRefund}). Each ledger transaction additionally
 * has a unique (kind, purchase id), so even an event re-sent under a new id cannot split, void,
 * release or reverse a purchase twice. Anything that cannot be booked (a foreign currency, a
 * cohort that does not add up or does not hash to pricing's root) is rejected: the event goes to
 * the dead-letter topic for a person to look at, and later purchases are not held up.
 * <p>
 * Cohort chunks are staged (deduplicated by (purchase, chunk)); the purchase is split once it holds
 * {@code purchase.completed} and all of its chunks, whichever arrives last. Releases after the
 * hold are {@link PurchaseRelease}'s.
 */
@ApplicationScoped
public class PurchaseLedger {

    public static final String CONSUMER = "payout.purchases";

    private final PurchaseRepository purchases;
    private final CohortStaging cohorts;
    private final PurchaseSplit split;
    private final PurchaseRefund refunds;
    private final PayoutConfig config;
    private final Clock clock;

    public PurchaseLedger(PurchaseRepository purchases, CohortStaging cohorts, PurchaseSplit split,
                          PurchaseRefund refunds, PayoutConfig config, Clock clock) {
        this.purchases = purchases;
        this.cohorts = cohorts;
        this.split = split;
        this.refunds = refunds;
        this.config = config;
        this.clock = clock;
    }

    /** A cohort chunk ({@code purchase.cohort}): staged; the purchase splits once all have come. */
    public Uni<Outcome> cohort(EventEnvelope event, PurchaseCohort chunk) {
        return PurchaseLedgerLock.take().chain(() -> {
            PurchaseChecks.chunk(chunk);
            return cohorts.stage(chunk).chain(staged -> !staged ? Uni.createFrom().voidItem() // staged already
                    : purchases.lock(chunk.purchaseId())
                            .chain(p -> p == null ? Uni.createFrom().voidItem() : splitIfComplete(p)));
        }).replaceWith(Outcome.applied());
    }

    /** {@code purchase.completed}, confirmed with pricing before this runs (PurchaseConfirmation). */
    public Uni<Outcome> completed(EventEnvelope event, PurchaseCompleted completed) {
        return PurchaseLedgerLock.take().chain(() -> {
            PurchaseChecks.completed(completed, config.currency());
            return purchases.lock(completed.purchaseId()).chain(existing -> {
                PurchaseChecks.completedAgrees(existing, completed);
                Transition t = PurchaseLifecycle.on(PurchaseLifecycle.of(existing), Event.COMPLETED);
                if (t.effect() == PurchaseLifecycle.Effect.NONE) {
                    return Uni.createFrom().voidItem(); // the same purchase re-sent under a new event id
                }
                Purchase p = existing != null ? existing : new Purchase();
                record(p, completed);
                PurchaseLifecycle.enter(p, t.next());
                Uni<Purchase> saved = existing != null ? Uni.createFrom().item(p) : purchases.persist(p);
                return saved.chain(() -> Panache.getSession().chain(s -> s.flush())).chain(() -> splitIfComplete(p));
            });
        }).replaceWith(Outcome.applied());
    }

    /** {@code purchase.refunded}, confirmed with pricing before this runs. */
    public Uni<Outcome> refunded(EventEnvelope event, PurchaseRefunded refund) {
        return PurchaseLedgerLock.take().chain(() -> {
            PurchaseChecks.refunded(refund, config.currency());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return purchases.lock(refund.purchaseId()).chain(existing -> {
                PurchaseChecks.refundAgrees(existing, refund);
                Transition t = PurchaseLifecycle.on(PurchaseLifecycle.of(existing), Event.REFUNDED);
                if (t.effect() == PurchaseLifecycle.Effect.NONE) {
                    return Uni.createFrom().voidItem(); // already refunded (or waiting to be)
                }
                Purchase p = existing;
                if (p == null) {
                    // the refund overtook its purchase: remember it; the split voids itself on arrival
                    p = new Purchase();
                    p.id = refund.purchaseId();
                    p.amount = refund.amount();
                }
                p.refundReason = PurchaseChecks.reason(refund);
                Purchase refunded = p;
                Uni<Void> effect = switch (t.effect()) {
                    case RECORD -> Uni.createFrom().voidItem(); // not split yet: the split will void itself
                    case VOID -> refunds.voidSplit(refunded, now);
                    case REVERSE -> refunds.reverse(refunded, now);
                    default -> throw new IllegalStateException("a refund cannot " + t.effect());
                };
                return effect.invoke(() -> PurchaseLifecycle.enter(refunded, t.next()))
                        .chain(() -> existing == null ? purchases.persist(refunded).replaceWithVoid()
                                : Uni.createFrom().voidItem());
            });
        }).replaceWith(Outcome.applied());
    }

    /** Splits {@code p} if it waits for its cohort and every chunk is staged; voids it at once if its refund came first. */
    private Uni<Void> splitIfComplete(Purchase p) {
        Transition t = PurchaseLifecycle.on(PurchaseLifecycle.of(p), Event.COHORT_COMPLETE);
        if (t.effect() == PurchaseLifecycle.Effect.NONE) {
            return Uni.createFrom().voidItem(); // not waiting for its cohort
        }
        return cohorts.complete(p.id, p.chunks).chain(complete -> {
            if (!complete) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return split.split(p, now)
                    .chain(() -> t.effect() == PurchaseLifecycle.Effect.SPLIT_AND_VOID
                            ? refunds.voidSplit(p, now) : Uni.createFrom().voidItem())
                    .invoke(() -> PurchaseLifecycle.enter(p, t.next()))
                    .chain(() -> Panache.getSession().chain(s -> s.flush()));
        });
    }

    /** What {@code purchase.completed} says of the purchase. */
    private void record(Purchase p, PurchaseCompleted e) {
        p.id = e.purchaseId();
        p.consumerId = e.consumerId();
        p.providerId = e.providerId();
        p.datasetId = e.datasetId();
        p.purpose = e.purpose();
        p.amount = e.amount();
        p.currency = e.currency();
        p.subjects = e.subjects();
        p.records = e.records();
        p.chunks = e.chunks();
        p.cohortRoot = e.cohortRoot();
        p.purchasedAt = e.at() == null ? clock.instant() : e.at().truncatedTo(ChronoUnit.MICROS);
    }
}
