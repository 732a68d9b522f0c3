package org.exchange.contract.events;

import java.util.Map;

/** One topic per owning service; records are keyed by aggregate id. */
public final class Topics {
    public static final String CONSENT = "consent.events";
    public static final String CATALOG = "catalog.events";
    public static final String PRICING = "pricing.events";
    public static final String PAYOUT = "payout.events";

    /** The service that owns (alone publishes to) each public topic; also the events' {@code source}. */
    private static final Map<String, String> OWNER = Map.of(
            CONSENT, "consent-service",
            CATALOG, "catalog-service",
            PRICING, "pricing-service",
            PAYOUT, "payout-service");

    private Topics() {
    }

    /** The owning service of a public topic, or null. */
    public static String ownerOf(String topic) {
        return OWNER.get(topic);
    }

    /** The dead-letter topic of one consuming service: its records, as received, with dlq-* headers. */
    public static String deadLetters(String service) {
        return "dlq." + service;
    }
}
