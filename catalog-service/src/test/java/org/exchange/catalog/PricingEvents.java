package org.exchange.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.testing.TestEvents;

/** Crafts pricing.events envelopes as pricing-service writes them (deliver them with {@link EventDelivery}). */
public final class PricingEvents {

    public static final String SOURCE = "pricing-service";

    private PricingEvents() {
    }

    /** A purchase of one subject's single record, its cohort committed to by the real Merkle root. */
    public static EventEnvelope completed(String purchaseId, String consumerId, String datasetId) {
        String root = Cohorts.root(List.of(new CohortMember("s-" + purchaseId, 1, UUID.randomUUID().toString(), 1)));
        PurchaseCompleted data = new PurchaseCompleted(purchaseId, UUID.randomUUID().toString(), consumerId, "p",
                datasetId, 1, "ai-training", 100, "EUR", 1, 1, 1, root, Instant.now());
        return TestEvents.envelope(EventTypes.PURCHASE_COMPLETED, SOURCE, purchaseId, data);
    }

    public static EventEnvelope refunded(String purchaseId, String consumerId) {
        return TestEvents.envelope(EventTypes.PURCHASE_REFUNDED, SOURCE, purchaseId,
                new PurchaseRefunded(purchaseId, consumerId, 100, "EUR", "test", Instant.now()));
    }
}
