package org.exchange.payout.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.payout.service.PurchaseLedger;
import org.jboss.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(PricingEventsConsumer.class);

    private final PurchaseLedger ledger;
    private final ObjectMapper mapper;

    public PricingEventsConsumer(PurchaseLedger ledger, ObjectMapper mapper) {
        this.ledger = ledger;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        return ledger.apply(event)
                .onFailure().invoke(e -> LOG.warnf("booking %s %s failed, retrying: %s", event.type(), event.id(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .onFailure().invoke(e -> LOG.errorf("booking %s %s failed for good; the channel stops: %s",
                        event.type(), event.id(), e.getMessage()));
    }
}
