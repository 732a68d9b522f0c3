package org.exchange.contract.events.data;

import java.time.Instant;

/** The data of {@code quote.issued}; amount in minor units of currency. */
public record QuoteIssued(String quoteId, String consumerId, String datasetId, String purpose, long amount,
                          String currency, int subjects, long records, long priceBookVersion, Instant expiresAt) {
}
