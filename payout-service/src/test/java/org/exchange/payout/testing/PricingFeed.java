package org.exchange.payout.testing;

import static org.exchange.payout.testing.Fixtures.await;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.payout.events.PricingEventsConsumer;
import org.exchange.testing.TestEvents;

/**
 * pricing-service as payout sees it, in-process: what pricing made and refunded ({@link FakePricing})
 * and its events, delivered through the real consumer path ({@link PricingEventsConsumer#consume},
 * signed records, on a Vert.x context) exactly as the Kafka connector hands them over.
 */
@ApplicationScoped
public class PricingFeed {

    private final PricingEventsConsumer consumer;
    private final FakePricing pricing;

    public PricingFeed(PricingEventsConsumer consumer, FakePricing pricing) {
        this.consumer = consumer;
        this.pricing = pricing;
    }

    /** Delivers one event; returns once it is applied, skipped as a repeat, or dead-lettered. */
    public void deliver(EventEnvelope e) {
        await(() -> consumer.consume(TestEvents.received(Fixtures.TOPIC, e)));
    }

    public void deliverAll(List<EventEnvelope> events) {
        events.forEach(this::deliver);
    }

    /** Pricing makes {@code p}: it holds the purchase, and payout may book it. */
    public Fixtures.Purchase made(Fixtures.Purchase p) {
        pricing.made(p);
        return p;
    }

    /** Pricing makes {@code p} and publishes it: its chunks, then completed. */
    public Fixtures.Purchase book(Fixtures.Purchase p) {
        made(p);
        deliverAll(p.events());
        return p;
    }

    /** Pricing refunds {@code p} and publishes the refund. */
    public void refund(Fixtures.Purchase p) {
        pricing.refund(p.id());
        deliver(p.refunded());
    }
}
