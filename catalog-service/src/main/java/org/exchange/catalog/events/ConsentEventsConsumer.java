package org.exchange.catalog.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.catalog.service.ConsentProjectionService;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.SubjectErased;

/** Keeps the consent projection (the consenting counts) from {@code consent.events}. */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "catalog.consent-projection";

    private final EventConsumer consumer;

    public ConsentEventsConsumer(EventConsumers consumers, ConsentProjectionService projection) {
        this.consumer = consumers.consumer(CONSUMER, Topics.CONSENT)
                .on(EventTypes.CONSENT_GRANTED, ConsentChanged.class, projection::consentChanged)
                .on(EventTypes.CONSENT_REVOKED, ConsentChanged.class, projection::consentChanged)
                .on(EventTypes.CONSENT_EXPIRED, ConsentChanged.class, projection::consentChanged)
                .on(EventTypes.CONSENT_INVALIDATED, ConsentChanged.class, projection::consentChanged)
                .on(EventTypes.SUBJECT_ERASED, SubjectErased.class, projection::subjectErased)
                .build();
    }

    @Incoming("consent-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
