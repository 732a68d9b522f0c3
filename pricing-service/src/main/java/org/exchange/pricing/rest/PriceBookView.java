package org.exchange.pricing.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.exchange.pricing.PriceBook;
import org.exchange.pricing.service.PricingRule;

/** One price book version; purpose multipliers in purpose order, volume tiers ascending. */
public record PriceBookView(String datasetId, long version, String currency, long pricePerRecord,
                            Map<String, Integer> purposeMultipliers, long minimumPrice,
                            List<PriceBookRequest.Tier> volumeTiers, Instant createdAt) {

    /** {@code terms} are the version's own, as {@code PriceBookService.terms} reads them. */
    static PriceBookView of(PriceBook b, PricingRule.Terms terms) {
        return new PriceBookView(b.datasetId, b.version, b.currency, b.pricePerRecord,
                new TreeMap<>(terms.purposeMultipliers()), b.minimumPrice,
                terms.volumeTiers().stream().map(t -> new PriceBookRequest.Tier(t.fromRecords(), t.multiplierBps()))
                        .toList(),
                b.createdAt);
    }
}
