package org.exchange.catalog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.ProcessedEvents;
import org.exchange.kit.events.data.PurchaseCompleted;
import org.exchange.kit.events.data.PurchaseRefunded;

/**
 * Keeps who holds a licence for which dataset, from {@code pricing.events}: only to let licence
 * holders keep reading a dataset after its provider withdrew it. Idempotent (event ids recorded
 * in the same transaction) and order-independent (a refund wins whenever it arrives).
 */
@ApplicationScoped
public class LicenceProjectionService {

    private final ProcessedEvents processed;
    private final ObjectMapper mapper;

    public LicenceProjectionService(ProcessedEvents processed, ObjectMapper mapper) {
        this.processed = processed;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Void> apply(String consumer, EventEnvelope event) {
        if (!EventTypes.PURCHASE_COMPLETED.equals(event.type()) && !EventTypes.PURCHASE_REFUNDED.equals(event.type())) {
            return Uni.createFrom().voidItem(); // quotes, cohorts, notices: nothing the catalog keeps
        }
        return processed.firstDelivery(consumer, event.id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            if (EventTypes.PURCHASE_COMPLETED.equals(event.type())) {
                PurchaseCompleted p = OutboxWriter.dataOf(mapper, event, PurchaseCompleted.class);
                return execute("""
                        INSERT INTO licence (purchase_id, dataset_id, consumer_id, updated_at) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (purchase_id) DO UPDATE SET dataset_id = EXCLUDED.dataset_id,
                            consumer_id = EXCLUDED.consumer_id, updated_at = EXCLUDED.updated_at""",
                        p.purchaseId(), p.datasetId(), p.consumerId(), Instant.now());
            }
            PurchaseRefunded r = OutboxWriter.dataOf(mapper, event, PurchaseRefunded.class);
            return execute("""
                    INSERT INTO licence (purchase_id, refunded, updated_at) VALUES (?1, TRUE, ?2)
                    ON CONFLICT (purchase_id) DO UPDATE SET refunded = TRUE, updated_at = EXCLUDED.updated_at""",
                    r.purchaseId(), Instant.now());
        });
    }

    private static Uni<Void> execute(String sql, Object... params) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
