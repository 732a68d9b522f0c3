package org.exchange.pricing.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.pricing.DatasetView;
import org.exchange.pricing.client.CatalogClient;
import org.exchange.pricing.repository.DatasetViewRepository;

/**
 * Dataset facts: a projection of catalog.events for owner checks on price books, refreshed
 * from catalog itself when a quote or purchase needs the current state (a withdrawal must not
 * wait for Kafka) or when the projection has not seen the dataset yet.
 */
@ApplicationScoped
public class DatasetService {

    private final DatasetViewRepository views;
    private final CatalogClient catalog;
    private final Clock clock;

    public DatasetService(DatasetViewRepository views, CatalogClient catalog, Clock clock) {
        this.views = views;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The projected dataset, asking catalog when the projection has not seen it yet. */
    public Uni<DatasetView> known(String datasetId) {
        return Panache.withSession(() -> views.findById(datasetId))
                .chain(v -> v != null ? Uni.createFrom().item(v) : fresh(datasetId));
    }

    /** The dataset as catalog has it now (NOT_FOUND when catalog does not know it), kept in the projection. */
    public Uni<DatasetView> fresh(String datasetId) {
        return catalog.dataset(datasetId)
                .chain(facts -> Panache.withTransaction(() -> apply(facts.id() != null ? facts.id() : datasetId,
                        facts.providerId(), facts.revision(), facts.status(), facts.allowedPurposes(), clock.instant())))
                .chain(() -> Panache.withSession(() -> views.findById(datasetId)));
    }

    /**
     * Applies one catalog event (a handler of the kit's consumer, in its transaction). A dataset's
     * owner never changes: an event that names another provider for a known dataset is refused,
     * so nobody can take over a dataset's price book through the topic.
     */
    public Uni<Outcome> onCatalogEvent(EventEnvelope event, DatasetChanged data) {
        return views.findById(data.datasetId()).chain(known -> {
            if (known != null && !known.providerId.equals(data.providerId())) {
                return Uni.createFrom().item(Outcome.rejected("owner-mismatch", "dataset " + data.datasetId()
                        + " belongs to " + known.providerId + ", the event names " + data.providerId()));
            }
            return apply(data.datasetId(), data.providerId(), data.revision(), data.status(), data.allowedPurposes(),
                    data.at() != null ? data.at() : event.time()).replaceWith(Outcome.applied());
        });
    }

    private Uni<Void> apply(String datasetId, String providerId, long revision, String status, List<String> purposes,
                            Instant at) {
        return views.upsertIfNewer(datasetId, providerId, revision, status == null ? "PUBLISHED" : status,
                purposes == null ? List.of() : purposes, at).replaceWithVoid();
    }
}
