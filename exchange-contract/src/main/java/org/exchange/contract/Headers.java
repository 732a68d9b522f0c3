package org.exchange.contract;

import java.util.regex.Pattern;

/** HTTP headers of the public API, with the shapes the gateway and the services accept. */
public final class Headers {
    /** The correlation id the gateway gives every request (or keeps, when a safe one came in). */
    public static final String REQUEST_ID = "X-Request-Id";
    public static final Pattern REQUEST_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The caller's key that makes a POST safe to retry (purchases, payouts). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** 1 to 255 visible ASCII characters. */
    public static final String IDEMPOTENCY_KEY_PATTERN = "[\\x21-\\x7E]{1,255}";
    public static final String IDEMPOTENCY_KEY_MESSAGE = "must be 1 to 255 visible ASCII characters";
    /** Set to {@code true} on a response that is the stored first response to the same key. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {
    }
}
