package org.exchange.contract.events.data;

import java.time.Instant;

/**
 * The data of {@code earnings.credited}: one payee's share of a purchase became available to
 * pay out (its hold period ended without a refund). Keyed by the payee's id. A share that is
 * voided during its hold period is never credited, so this event is never retracted; a refund
 * after it shows up as a reversal line in the payee's statement.
 *
 * @param ownerKind {@code subject} or {@code provider}
 * @param weight    a subject's records in the cohort; for the provider, all records of the purchase
 * @param amount    minor units of {@code currency}
 */
public record EarningsCredited(String ownerId, String ownerKind, String purchaseId, String datasetId, String purpose,
                               String buyerId, long weight, long amount, String currency, Instant at) {
}
