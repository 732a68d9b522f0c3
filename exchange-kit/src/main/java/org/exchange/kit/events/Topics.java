package org.exchange.kit.events;

/** One topic per owning service; records are keyed by aggregate id. */
public final class Topics {
    public static final String CONSENT = "consent.events";
    public static final String CATALOG = "catalog.events";
    public static final String PRICING = "pricing.events";
    public static final String PAYOUT = "payout.events";

    /** The outgoing channel the outbox relay publishes through, in every service. */
    public static final String OUTBOX_CHANNEL = "outbox";

    private Topics() {
    }
}
