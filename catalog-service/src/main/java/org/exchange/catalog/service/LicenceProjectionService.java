package org.exchange.catalog.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;

/**
 * Keeps who holds a licence for which dataset, from {@code pricing.events}: only to let licence
 * holders keep reading a dataset after its provider withdrew it. Order-independent (a refund
 * wins whenever it arrives); the kit's consumer deduplicates and runs each in a transaction.
 */
@ApplicationScoped
public class LicenceProjectionService {

    private final Clock clock;

    public LicenceProjectionService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Outcome> completed(EventEnvelope event, PurchaseCompleted p) {
        return execute("""
                INSERT INTO licence (purchase_id, dataset_id, consumer_id, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (purchase_id) DO UPDATE SET dataset_id = EXCLUDED.dataset_id,
                    consumer_id = EXCLUDED.consumer_id, updated_at = EXCLUDED.updated_at""",
                p.purchaseId(), p.datasetId(), p.consumerId(), clock.instant());
    }

    public Uni<Outcome> refunded(EventEnvelope event, PurchaseRefunded r) {
        return execute("""
                INSERT INTO licence (purchase_id, refunded, updated_at) VALUES (?1, TRUE, ?2)
                ON CONFLICT (purchase_id) DO UPDATE SET refunded = TRUE, updated_at = EXCLUDED.updated_at""",
                r.purchaseId(), clock.instant());
    }

    private static Uni<Outcome> execute(String sql, Object... params) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        }).replaceWith(Outcome.applied());
    }
}
