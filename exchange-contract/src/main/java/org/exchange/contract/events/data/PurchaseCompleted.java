package org.exchange.contract.events.data;

import java.time.Instant;

/**
 * The data of {@code purchase.completed}: what payout needs to split the money. The pinned
 * cohort itself comes in {@code chunks} {@code purchase.cohort} events with the same key;
 * {@code cohortRoot} commits to it ({@link Cohorts#root}).
 */
public record PurchaseCompleted(String purchaseId, String quoteId, String consumerId, String providerId,
                                String datasetId, long datasetRevision, String purpose, long amount, String currency,
                                int subjects, long records, int chunks, String cohortRoot, Instant at) {
}
