package org.exchange.pricing.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.exchange.pricing.DatasetView;

@ApplicationScoped
public class DatasetViewRepository implements PanacheRepositoryBase<DatasetView, String> {

    /**
     * Applies catalog facts when they are newer: the highest revision wins, and a withdrawal at
     * the same revision wins over a publication (withdrawing need not bump the revision).
     * Redelivered and reordered events therefore converge. Emits whether the row changed.
     */
    public Uni<Boolean> upsertIfNewer(String datasetId, String providerId, long revision, String status,
                                      List<String> allowedPurposes, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO dataset_view (dataset_id, provider_id, revision, status, allowed_purposes, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                        ON CONFLICT (dataset_id) DO UPDATE SET provider_id = EXCLUDED.provider_id,
                            revision = EXCLUDED.revision, status = EXCLUDED.status,
                            allowed_purposes = EXCLUDED.allowed_purposes, updated_at = EXCLUDED.updated_at
                        WHERE dataset_view.revision < EXCLUDED.revision
                           OR (dataset_view.revision = EXCLUDED.revision AND EXCLUDED.status = 'WITHDRAWN'
                               AND dataset_view.status <> 'WITHDRAWN')""")
                .setParameter(1, datasetId)
                .setParameter(2, providerId)
                .setParameter(3, revision)
                .setParameter(4, status.toUpperCase(java.util.Locale.ROOT))
                .setParameter(5, String.join(",", allowedPurposes))
                .setParameter(6, at)
                .executeUpdate())
                .map(n -> n == 1);
    }
}
