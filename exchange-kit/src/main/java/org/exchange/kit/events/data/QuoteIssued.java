package org.exchange.kit.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The data of {@code quote.issued}; amount in minor units of currency. */
@RegisterForReflection
public record QuoteIssued(String quoteId, String consumerId, String datasetId, String purpose, long amount,
                          String currency, int subjects, long records, long priceBookVersion, Instant expiresAt) {
}
