package org.exchange.pricing.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.pricing.service.DatasetService;

/** Keeps the dataset projection (owner and allowed purposes, for price books) from {@code catalog.events}. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CONSUMER = "pricing.dataset-projection";

    private final EventConsumer consumer;

    public CatalogEventsConsumer(EventConsumers consumers, DatasetService datasets) {
        this.consumer = consumers.consumer(CONSUMER, Topics.CATALOG)
                .on(EventTypes.DATASET_PUBLISHED, DatasetChanged.class, datasets::onCatalogEvent)
                .on(EventTypes.DATASET_UPDATED, DatasetChanged.class, datasets::onCatalogEvent)
                .on(EventTypes.DATASET_WITHDRAWN, DatasetChanged.class, datasets::onCatalogEvent)
                .build();
    }

    @Incoming("catalog-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
