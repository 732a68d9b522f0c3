package org.exchange.pricing.rest;

import java.time.Instant;
import org.exchange.pricing.Quote;

public record QuoteView(String id, long amount, String currency, int subjects, long records, Instant expiresAt,
                        long priceBookVersion, String datasetId, long datasetRevision, String purpose,
                        Instant createdAt) {

    public static QuoteView of(Quote q) {
        return new QuoteView(q.id.toString(), q.amount, q.currency, q.subjects, q.records, q.expiresAt,
                q.priceBookVersion, q.datasetId, q.datasetRevision, q.purpose, q.createdAt);
    }
}
