package org.exchange.kit.events.consumer;

/**
 * What a handler did with an event (EDC's ServiceResult idea): the kit, not the handler, decides
 * what follows. {@link Applied}: the effect is written and the event id recorded with it in one
 * transaction. {@link Rejected}: the event asks for something its publisher cannot have done or
 * this service will not do (a purchase pricing never made, an owner change): the transaction
 * rolls back and the record goes to the dead-letter topic with the reason. A handler never
 * returns a transient failure as an outcome: it fails, and the kit retries.
 */
public sealed interface Outcome {

    record Applied() implements Outcome {
    }

    /**
     * @param reason a short, stable code ({@code unconfirmed}, {@code owner-mismatch}, ...): the
     *               dead letter's {@code dlq-reason} header and the metric's tag
     * @param detail what was wrong, for the person who reads the dead letter
     */
    record Rejected(String reason, String detail) implements Outcome {
    }

    Outcome APPLIED = new Applied();

    static Outcome applied() {
        return APPLIED;
    }

    static Outcome rejected(String reason, String detail) {
        return new Rejected(reason, detail);
    }
}
