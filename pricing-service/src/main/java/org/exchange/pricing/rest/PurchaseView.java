package org.exchange.pricing.rest;

import java.time.Instant;
import org.exchange.pricing.Purchase;

public record PurchaseView(String id, String quoteId, String datasetId, String purpose, long amount, String currency,
                           int subjects, long records, String status, Instant createdAt) {

    static PurchaseView of(Purchase p) {
        return new PurchaseView(p.id.toString(), p.quoteId.toString(), p.datasetId.toString(), p.purpose, p.amount,
                p.currency, p.subjects, p.records, p.status, p.createdAt);
    }
}
