package org.exchange.catalog.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.catalog.service.LicenceProjectionService;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;

/** Keeps the licence holders from {@code pricing.events} (quotes, cohorts and notices are not kept). */
@ApplicationScoped
public class PricingEventsConsumer {

    static final String CONSUMER = "catalog.licences";

    private final EventConsumer consumer;

    public PricingEventsConsumer(EventConsumers consumers, LicenceProjectionService licences) {
        this.consumer = consumers.consumer(CONSUMER, Topics.PRICING)
                .on(EventTypes.PURCHASE_COMPLETED, PurchaseCompleted.class, licences::completed)
                .on(EventTypes.PURCHASE_REFUNDED, PurchaseRefunded.class, licences::refunded)
                .build();
    }

    @Incoming("pricing-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
