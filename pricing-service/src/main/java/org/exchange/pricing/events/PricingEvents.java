package org.exchange.pricing.events;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.exchange.contract.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.contract.events.Topics;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.LicenceConsentWithdrawn;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.contract.events.data.QuoteIssued;
import org.exchange.pricing.Purchase;
import org.exchange.pricing.Quote;

/**
 * Puts pricing events into the outbox, in the caller's transaction. Quote events are keyed by
 * quote id, every other event by purchase id, so one purchase's events share a partition and
 * arrive in order: its cohort chunks, then purchase.completed.
 */
@ApplicationScoped
public class PricingEvents {

    private final OutboxWriter outbox;

    public PricingEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> quoteIssued(Quote q) {
        QuoteIssued data = new QuoteIssued(q.id.toString(), q.consumerId, q.datasetId, q.purpose, q.amount, q.currency,
                q.subjects, q.records, q.priceBookVersion, q.expiresAt);
        return outbox.append(Topics.PRICING, EventTypes.QUOTE_ISSUED, q.id.toString(), data).replaceWithVoid();
    }

    /** The pinned cohort in chunks of {@link PurchaseCohort#CHUNK_SIZE}, then purchase.completed. */
    public Uni<Void> purchaseCompleted(Purchase p, List<CohortMember> cohort) {
        String key = p.id.toString();
        List<List<CohortMember>> chunks = chunks(cohort);
        int n = chunks.size();
        List<PurchaseCohort> cohortEvents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cohortEvents.add(new PurchaseCohort(key, i, n, List.copyOf(chunks.get(i))));
        }
        PurchaseCompleted completed = new PurchaseCompleted(key, p.quoteId.toString(), p.consumerId, p.providerId,
                p.datasetId, p.datasetRevision, p.purpose, p.amount, p.currency, p.subjects, p.records, n, p.cohortRoot,
                p.createdAt);
        return Multi.createFrom().iterable(cohortEvents)
                .onItem().transformToUniAndConcatenate(c -> outbox.append(Topics.PRICING, EventTypes.PURCHASE_COHORT, key, c))
                .collect().last()
                .chain(() -> outbox.append(Topics.PRICING, EventTypes.PURCHASE_COMPLETED, key, completed))
                .replaceWithVoid();
    }

    public Uni<Void> purchaseRefunded(Purchase p) {
        PurchaseRefunded data = new PurchaseRefunded(p.id.toString(), p.consumerId, p.amount, p.currency,
                p.refundReason, p.refundedAt);
        return outbox.append(Topics.PRICING, EventTypes.PURCHASE_REFUNDED, p.id.toString(), data).replaceWithVoid();
    }

    public Uni<Void> licenceConsentWithdrawn(LicenceConsentWithdrawn data) {
        return outbox.append(Topics.PRICING, EventTypes.LICENCE_CONSENT_WITHDRAWN, data.purchaseId(), data)
                .replaceWithVoid();
    }

    static List<List<CohortMember>> chunks(List<CohortMember> cohort) {
        List<List<CohortMember>> chunks = new ArrayList<>();
        for (int from = 0; from < cohort.size(); from += PurchaseCohort.CHUNK_SIZE) {
            chunks.add(cohort.subList(from, Math.min(cohort.size(), from + PurchaseCohort.CHUNK_SIZE)));
        }
        return chunks;
    }
}
