package org.exchange.payout.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.exchange.kit.events.consumer.EventRejected;
import org.exchange.payout.Purchase;
import org.jboss.logging.Logger;

/**
 * Takes a refunded purchase's money back, in the caller's transaction: during the hold its split
 * is voided (the exact negation of its postings); after it, reversed from the payees' available
 * accounts. Once per purchase: the ledger holds at most one void or reversal for it.
 */
@ApplicationScoped
public class PurchaseRefund {

    private static final Logger LOG = Logger.getLogger(PurchaseRefund.class);

    private final Ledger ledger;

    public PurchaseRefund(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Voids the split of {@code p}, still on hold. */
    public Uni<Void> voidSplit(Purchase p, Instant now) {
        return negate(p, Ledger.Kind.VOID, false, now);
    }

    /** Reverses the split of {@code p}, released from hold. */
    public Uni<Void> reverse(Purchase p, Instant now) {
        return negate(p, Ledger.Kind.REVERSAL, true, now);
    }

    private Uni<Void> negate(Purchase p, Ledger.Kind kind, boolean released, Instant now) {
        return ledger.open(kind, p.id).chain(txId -> {
            if (txId == null) {
                throw new EventRejected("already-booked", "purchase " + p.id + " already has a " + kind + " in the ledger");
            }
            return ledger.postNegationOf(txId, p.splitTx, released);
        }).invoke(() -> {
            p.refundedAt = now;
            LOG.infof("refund of purchase %s: %s", p.id, kind);
        });
    }
}
