package org.exchange.payout.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;
import org.exchange.payout.service.PurchaseLedger;

/**
 * Books {@code pricing.events} (cohort chunks, completed and refunded purchases) into the ledger.
 * The event id is recorded in the same transaction as its effect, so a redelivered event changes
 * nothing. A failure (a purchase in a foreign currency, a cohort that does not add up, the
 * database away) is retried with back-off and then fails the channel: the offset is not
 * committed, health turns DOWN, and the event is applied after the cause is fixed. Money is never
 * skipped or parked in a dead-letter topic.
 */
@ApplicationScoped
public class PricingEventsConsumer {

    public static final String CHANNEL = "pricing-in";

    private final PurchaseLedger ledger;
    private final ObjectMapper mapper;

    public PricingEventsConsumer(PurchaseLedger ledger, ObjectMapper mapper) {
        this.ledger = ledger;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        return Retrying.apply(event, () -> ledger.apply(event));
    }
}
