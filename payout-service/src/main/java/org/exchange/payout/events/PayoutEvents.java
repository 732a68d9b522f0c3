package org.exchange.payout.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.exchange.contract.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.contract.events.Topics;
import org.exchange.contract.events.data.EarningsCredited;
import org.exchange.contract.events.data.PayoutChanged;
import org.exchange.payout.Payout;

/**
 * The payout events, written to the outbox in the caller's transaction: payout changes one by
 * one, {@code earnings.credited} (up to 100,000 payees per release) set-based in batches.
 */
@ApplicationScoped
public class PayoutEvents {

    private final OutboxWriter outbox;

    public PayoutEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> payoutChanged(Payout p, Instant at) {
        String type = switch (p.status) {
            case REQUESTED -> EventTypes.PAYOUT_REQUESTED;
            case PAID -> EventTypes.PAYOUT_PAID;
            case FAILED -> EventTypes.PAYOUT_FAILED;
            case PROCESSING -> throw new IllegalArgumentException("PROCESSING is not published");
        };
        return outbox.append(Topics.PAYOUT, type, p.id.toString(), new PayoutChanged(p.id.toString(), p.ownerId,
                p.ownerKind, p.amount, p.currency, p.status.name(), p.failureReason, p.railReference, at))
                .replaceWithVoid();
    }

    /** Appends one {@code earnings.credited} per credit, keyed by the payee. */
    public Uni<Void> earningsCredited(List<EarningsCredited> credits) {
        return outbox.appendAll(Topics.PAYOUT, EventTypes.EARNINGS_CREDITED, credits, EarningsCredited::ownerId)
                .replaceWithVoid();
    }
}
