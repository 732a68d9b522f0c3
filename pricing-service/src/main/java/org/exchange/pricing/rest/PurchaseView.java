package org.exchange.pricing.rest;

import java.time.Instant;
import org.exchange.pricing.Purchase;

/**
 * A purchase as its buyer sees it: the licence (what, for which purpose, until when), its price,
 * and {@code cohortRoot}, the commitment to exactly the cohort it paid for (docs/cohort-commitments.md).
 */
public record PurchaseView(String id, String quoteId, String datasetId, long datasetRevision, String purpose,
                           long amount, String currency, int subjects, long records, String status,
                           long priceBookVersion, Instant createdAt, Instant validUntil, Instant refundedAt,
                           String cohortRoot) {

    public static PurchaseView of(Purchase p) {
        return new PurchaseView(p.id.toString(), p.quoteId.toString(), p.datasetId, p.datasetRevision, p.purpose,
                p.amount, p.currency, p.subjects, p.records, p.status.name(), p.priceBookVersion, p.createdAt,
                p.validUntil, p.refundedAt, p.cohortRoot);
    }
}
