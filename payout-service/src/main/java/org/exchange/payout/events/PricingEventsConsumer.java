package org.exchange.payout.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.payout.service.PurchaseConfirmation;
import org.exchange.payout.service.PurchaseLedger;

/**
 * Books {@code pricing.events} (cohort chunks, completed and refunded purchases) into the ledger.
 * A completed or refunded purchase is confirmed with pricing-service first: money moves only for
 * purchases pricing really made, as it made them.
 */
@ApplicationScoped
public class PricingEventsConsumer {

    public static final String CHANNEL = "pricing-in";

    private final EventConsumer consumer;

    public PricingEventsConsumer(EventConsumers consumers, PurchaseLedger ledger, PurchaseConfirmation confirmation) {
        this.consumer = consumers.consumer(PurchaseLedger.CONSUMER, Topics.PRICING)
                .on(EventTypes.PURCHASE_COHORT, PurchaseCohort.class, ledger::cohort)
                .on(EventTypes.PURCHASE_COMPLETED, PurchaseCompleted.class, confirmation::completed, ledger::completed)
                .on(EventTypes.PURCHASE_REFUNDED, PurchaseRefunded.class, confirmation::refunded, ledger::refunded)
                .build();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
