package org.exchange.consent.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.consent.service.ConsentService;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.DatasetChanged;

/** Invalidates the consents given for a dataset when its provider withdraws it ({@code catalog.events}). */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CONSUMER = "consent.dataset-withdrawals";

    private final EventConsumer consumer;

    public CatalogEventsConsumer(EventConsumers consumers, ConsentService consents) {
        this.consumer = consumers.consumer(CONSUMER, Topics.CATALOG)
                .on(EventTypes.DATASET_WITHDRAWN, DatasetChanged.class, consents::datasetWithdrawn)
                .build();
    }

    @Incoming("catalog-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
