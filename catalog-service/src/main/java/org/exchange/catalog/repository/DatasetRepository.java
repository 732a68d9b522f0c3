package org.exchange.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;
import org.exchange.catalog.Dataset;

@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<Dataset, UUID> {

    /** The provider's dataset, locked for the rest of the transaction; null when absent or another provider's. */
    public Uni<Dataset> findOwnedForUpdate(UUID id, String providerId) {
        return find("id = :id and providerId = :provider", Parameters.with("id", id).and("provider", providerId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The provider's dataset; null when absent or another provider's. */
    public Uni<Dataset> findOwned(UUID id, String providerId) {
        return find("id = :id and providerId = :provider", Parameters.with("id", id).and("provider", providerId))
                .firstResult();
    }
}
