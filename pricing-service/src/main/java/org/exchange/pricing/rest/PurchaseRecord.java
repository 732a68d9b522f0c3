package org.exchange.pricing.rest;

import java.time.Instant;
import java.util.List;
import org.exchange.pricing.Purchase;

/**
 * A purchase as pricing-service holds it, for other services that must not take an event on
 * trust (payout reconciles every purchase it books, and the auditor's ledger check, with this).
 */
public record PurchaseRecord(String purchaseId, String quoteId, String consumerId, String providerId,
                             String datasetId, String purpose, long amount, String currency, int subjects,
                             long records, String status, String cohortRoot, Instant createdAt, Instant refundedAt) {

    public static PurchaseRecord of(Purchase p) {
        return new PurchaseRecord(p.id.toString(), p.quoteId.toString(), p.consumerId, p.providerId, p.datasetId,
                p.purpose, p.amount, p.currency, p.subjects, p.records, p.status.name(), p.cohortRoot, p.createdAt,
                p.refundedAt);
    }

    /** The answer to a lookup of many ids: those pricing holds; an id it never made is absent. */
    public record Found(List<PurchaseRecord> purchases) {
    }
}
