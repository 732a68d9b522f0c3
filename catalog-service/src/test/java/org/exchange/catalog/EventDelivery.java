package org.exchange.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.exchange.catalog.events.ConsentEventsConsumer;
import org.exchange.catalog.events.PricingEventsConsumer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;

/**
 * Hands records to the catalog's real consumers in-process, as the Kafka connector would (on a
 * Vert.x context), and waits until each is applied, skipped as a repeat or dead-lettered: the
 * kit's whole path (envelope, schema, key, signature, dedup, handler in one transaction) runs.
 */
@ApplicationScoped
public class EventDelivery {

    public static final String CONSENT_TOPIC = "test.consent.events";
    public static final String PRICING_TOPIC = "test.pricing.events";
    public static final String CONSENT_CONSUMER = "catalog.consent-projection";
    public static final String PRICING_CONSUMER = "catalog.licences";

    private final ConsentEventsConsumer consent;
    private final PricingEventsConsumer pricing;
    private final Pool db;

    public EventDelivery(ConsentEventsConsumer consent, PricingEventsConsumer pricing, Pool db) {
        this.consent = consent;
        this.pricing = pricing;
        this.db = db;
    }

    /**
     * Delivers a signed record of a consent.events event and checks that the kit took it: its id
     * is recorded as processed, which happens only in the transaction of an applied event (a
     * dead-lettered one leaves no row).
     */
    public void consent(EventEnvelope e) {
        consentRecord(TestEvents.received(CONSENT_TOPIC, e));
        assertThat(processed(CONSENT_CONSUMER, e.id())).as("%s %s was taken by %s", e.type(), e.id(),
                CONSENT_CONSUMER).isTrue();
    }

    /** The same for a pricing.events event. */
    public void pricing(EventEnvelope e) {
        pricingRecord(TestEvents.received(PRICING_TOPIC, e));
        assertThat(processed(PRICING_CONSUMER, e.id())).as("%s %s was taken by %s", e.type(), e.id(),
                PRICING_CONSUMER).isTrue();
    }

    /** Delivers any record, forged or not, to the consent consumer; what became of it is for the caller to check. */
    public void consentRecord(ConsumerRecord<String, String> record) {
        await(() -> consent.consume(record), record);
    }

    public void pricingRecord(ConsumerRecord<String, String> record) {
        await(() -> pricing.consume(record), record);
    }

    /** Whether {@code consumer} recorded the event id as processed (applied or ignored by its handler). */
    public boolean processed(String consumer, String eventId) {
        return Rows.count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                consumer, eventId) == 1;
    }

    private static void await(Supplier<Uni<Void>> consume, ConsumerRecord<String, String> record) {
        try {
            VertxContextSupport.subscribeAndAwait(consume);
        } catch (Throwable t) {
            throw new IllegalStateException("consuming " + record.value() + " failed", t);
        }
    }
}
