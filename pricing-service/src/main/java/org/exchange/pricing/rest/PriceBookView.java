package org.exchange.pricing.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record PriceBookView(String datasetId, long version, String currency, long pricePerRecord,
                            Map<String, Integer> purposeMultipliers, long minimumPrice,
                            List<PriceBookRequest.Tier> volumeTiers, Instant createdAt) {
}
