package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.exchange.contract.events.data.EarningsCredited;
import org.exchange.payout.Purchase;
import org.exchange.payout.events.PayoutEvents;
import org.exchange.payout.repository.PurchaseRepository;
import org.jboss.logging.Logger;

/**
 * Ends holds: a split purchase whose hold period is over moves its payees' pending shares to their
 * available accounts, and each subject and the provider is told ({@code earnings.credited}). One
 * database transaction per purchase, under the purchase-ledger lock; once per purchase (one
 * RELEASE per purchase in the ledger).
 */
@ApplicationScoped
public class PurchaseRelease {

    private static final Logger LOG = Logger.getLogger(PurchaseRelease.class);

    private final PurchaseRepository purchases;
    private final Ledger ledger;
    private final PayoutEvents events;

    public PurchaseRelease(PurchaseRepository purchases, Ledger ledger, PayoutEvents events) {
        this.purchases = purchases;
        this.ledger = ledger;
        this.events = events;
    }

    /** Releases every purchase whose hold ended by {@code now}, up to {@code limit}; emits how many. */
    public Uni<Integer> releaseDue(Instant now, int limit) {
        return Multi.createFrom().range(0, limit)
                .onItem().transformToUniAndConcatenate(i -> releaseOne(now))
                .select().first(released -> released) // stop at the first "nothing due"
                .collect().asList()
                .map(List::size);
    }

    private Uni<Boolean> releaseOne(Instant now) {
        return Panache.withTransaction(() -> PurchaseLedgerLock.take()
                .chain(() -> purchases.find("status = ?1 and holdUntil <= ?2 order by holdUntil, id",
                        Purchase.Status.PENDING, now).<Purchase>firstResult())
                .chain(p -> p == null ? Uni.createFrom().item(false) : release(p, now).replaceWith(true)));
    }

    private Uni<Void> release(Purchase p, Instant now) {
        PurchaseLifecycle.Transition t = PurchaseLifecycle.on(PurchaseLifecycle.of(p), PurchaseLifecycle.Event.HOLD_ENDED);
        if (t.effect() != PurchaseLifecycle.Effect.RELEASE) {
            throw new IllegalStateException("purchase " + p.id + " is " + p.status + ": not on hold");
        }
        return ledger.open(Ledger.Kind.RELEASE, p.id).chain(txId -> {
            if (txId == null) {
                throw new IllegalStateException("purchase " + p.id + " is already released in the ledger");
            }
            return ledger.postRelease(txId, p.splitTx);
        }).chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT owner_kind, owner_id, weight, amount FROM earning
                         WHERE purchase_id = ?1 AND owner_kind IN ('subject', 'provider') AND amount > 0
                         ORDER BY owner_kind, owner_id""", Object[].class)
                .setParameter(1, p.id).getResultList()))
                .chain(rows -> {
                    List<EarningsCredited> credits = new ArrayList<>(rows.size());
                    for (Object[] r : rows) {
                        credits.add(new EarningsCredited((String) r[1], (String) r[0], p.id, p.datasetId, p.purpose,
                                p.consumerId, ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), p.currency, now));
                    }
                    return events.earningsCredited(credits);
                })
                .invoke(() -> {
                    PurchaseLifecycle.enter(p, t.next());
                    p.releasedAt = now;
                    LOG.infof("released purchase %s from hold", p.id);
                });
    }
}
