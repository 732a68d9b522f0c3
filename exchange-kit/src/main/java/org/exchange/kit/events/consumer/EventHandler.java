package org.exchange.kit.events.consumer;

import io.smallrye.mutiny.Uni;
import org.exchange.contract.events.EventEnvelope;

/**
 * Applies one type of event. Runs inside the transaction that also records the event id, after
 * the kit has checked the envelope, its schema, its source and its signature; the data is the
 * event's {@code data}, read as the type's record.
 */
@FunctionalInterface
public interface EventHandler<T> {

    Uni<Outcome> handle(EventEnvelope event, T data);
}
