package org.exchange.payout.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.payout.client.PricingApi;
import org.exchange.payout.client.PricingClient;

/**
 * Money moves only for purchases pricing-service really made: before a purchase or a refund is
 * booked, pricing is asked for it, and the event must agree with pricing's record in every field
 * that moves money or names a payee (amount, currency, counts, buyer, provider, dataset, purpose,
 * cohort root). A signed event is pricing's word already; this is the second check a ledger
 * makes of anything it cannot take on trust (docs/event-authenticity.md).
 */
@ApplicationScoped
public class PurchaseConfirmation {

    private final PricingClient pricing;

    public PurchaseConfirmation(PricingClient pricing) {
        this.pricing = pricing;
    }

    public Uni<Outcome> completed(EventEnvelope event, PurchaseCompleted e) {
        return pricing.purchase(e.purchaseId()).map(found -> {
            if (found.isEmpty()) {
                return Outcome.rejected("unconfirmed", "pricing-service never made purchase " + e.purchaseId());
            }
            List<String> differences = differences(found.get(), e);
            return differences.isEmpty() ? Outcome.applied() : Outcome.rejected("unconfirmed",
                    "purchase " + e.purchaseId() + " differs from pricing's record: " + String.join(", ", differences));
        });
    }

    public Uni<Outcome> refunded(EventEnvelope event, PurchaseRefunded r) {
        return pricing.purchase(r.purchaseId()).map(found -> {
            if (found.isEmpty()) {
                return Outcome.rejected("unconfirmed", "pricing-service never made purchase " + r.purchaseId());
            }
            PricingApi.PurchaseRecord p = found.get();
            if (!"REFUNDED".equals(p.status()) || p.amount() != r.amount() || !p.currency().equals(r.currency())) {
                return Outcome.rejected("unconfirmed", "pricing-service holds purchase " + r.purchaseId() + " as "
                        + p.status() + " of " + p.amount() + " " + p.currency() + ", not refunded with " + r.amount()
                        + " " + r.currency());
            }
            return Outcome.applied();
        });
    }

    static List<String> differences(PricingApi.PurchaseRecord p, PurchaseCompleted e) {
        List<String> d = new ArrayList<>();
        compare(d, "amount", p.amount(), e.amount());
        compare(d, "currency", p.currency(), e.currency());
        compare(d, "subjects", p.subjects(), e.subjects());
        compare(d, "records", p.records(), e.records());
        compare(d, "consumerId", p.consumerId(), e.consumerId());
        compare(d, "providerId", p.providerId(), e.providerId());
        compare(d, "datasetId", p.datasetId(), e.datasetId());
        compare(d, "purpose", p.purpose(), e.purpose());
        compare(d, "cohortRoot", p.cohortRoot(), e.cohortRoot());
        return d;
    }

    private static void compare(List<String> d, String field, Object pricing, Object event) {
        if (!Objects.equals(pricing, event)) {
            d.add(field + " " + event + " (pricing: " + pricing + ")");
        }
    }
}
