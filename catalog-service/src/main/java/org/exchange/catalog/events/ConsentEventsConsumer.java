package org.exchange.catalog.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.catalog.service.ConsentProjectionService;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;

/**
 * Keeps the consent projection from {@code consent.events}. The event id is recorded in the same
 * transaction as its effect, so a redelivered event changes nothing. A failure is retried and
 * then fails the channel (the offset is not committed): an event is never acknowledged unapplied.
 */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "catalog.consent-projection";

    private final ConsentProjectionService projection;
    private final ObjectMapper mapper;

    public ConsentEventsConsumer(ConsentProjectionService projection, ObjectMapper mapper) {
        this.projection = projection;
        this.mapper = mapper;
    }

    @Incoming("consent-in")
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        return Retrying.apply(event, () -> projection.apply(CONSUMER, event));
    }
}
