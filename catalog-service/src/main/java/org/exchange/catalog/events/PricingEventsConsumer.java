package org.exchange.catalog.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.catalog.service.LicenceProjectionService;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;

/**
 * Keeps the licence holders from {@code pricing.events}. Like the consent consumer: deduplicated
 * in the effect's transaction, retried on failure and never acknowledged unapplied.
 */
@ApplicationScoped
public class PricingEventsConsumer {

    static final String CONSUMER = "catalog.licences";

    private final LicenceProjectionService licences;
    private final ObjectMapper mapper;

    public PricingEventsConsumer(LicenceProjectionService licences, ObjectMapper mapper) {
        this.licences = licences;
        this.mapper = mapper;
    }

    @Incoming("pricing-in")
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        return Retrying.apply(event, () -> licences.apply(CONSUMER, event));
    }
}
