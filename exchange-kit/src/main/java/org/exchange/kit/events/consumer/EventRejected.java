package org.exchange.kit.events.consumer;

/**
 * A record that must not be applied, for a reason that no retry can change: the kit dead-letters
 * it with {@link #reason()}. Handlers return {@link Outcome.Rejected} or throw this from deep
 * inside their work; both end the same way.
 */
public class EventRejected extends RuntimeException {

    private final String reason;

    public EventRejected(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
