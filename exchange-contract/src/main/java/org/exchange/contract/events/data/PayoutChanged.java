package org.exchange.contract.events.data;

import java.time.Instant;

/**
 * The data of {@code payout.requested}, {@code payout.paid} and {@code payout.failed}: a payout's
 * state after the change. Keyed by the payout id. A failed payout's amount is back in the owner's
 * available balance.
 *
 * @param ownerKind     {@code subject} or {@code provider}
 * @param status        {@code REQUESTED}, {@code PAID} or {@code FAILED}
 * @param reason        why the rail refused it (failed only), else null
 * @param railReference the payment rail's reference (paid only), else null
 */
public record PayoutChanged(String payoutId, String ownerId, String ownerKind, long amount, String currency,
                            String status, String reason, String railReference, Instant at) {
}
