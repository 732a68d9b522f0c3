package org.exchange.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.exchange.catalog.DatasetRevision;

@ApplicationScoped
public class DatasetRevisionRepository implements PanacheRepositoryBase<DatasetRevision, DatasetRevision.Key> {

    public Uni<List<DatasetRevision>> ofDataset(UUID datasetId) {
        return list("datasetId", Sort.by("revision"), datasetId);
    }
}
