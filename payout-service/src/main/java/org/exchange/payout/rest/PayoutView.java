package org.exchange.payout.rest;

import java.time.Instant;
import org.exchange.payout.Payout;

/** A payout as its owner sees it; amount in minor units of currency. */
public record PayoutView(String id, long amount, String currency, String status, String failureReason,
                         String railReference, Instant createdAt, Instant updatedAt) {

    public static PayoutView of(Payout p) {
        return new PayoutView(p.id.toString(), p.amount, p.currency, p.status.name(), p.failureReason, p.railReference,
                p.createdAt, p.updatedAt);
    }
}
