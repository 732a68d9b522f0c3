package org.exchange.catalog.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.DatasetRevision;
import org.exchange.catalog.events.DatasetEvents;
import org.exchange.catalog.repository.DatasetRepository;
import org.exchange.catalog.repository.DatasetRevisionRepository;
import org.exchange.contract.events.EventTypes;
import org.exchange.kit.service.ExchangeException;

/**
 * Publishes, replaces and withdraws a provider's own datasets. Every change, in one transaction:
 * the dataset at its next revision, that revision kept, and its event in the outbox. Changes of
 * one dataset are serialised by a row lock, so revisions never collide.
 */
@ApplicationScoped
public class DatasetService {

    /**
     * What a provider says of a dataset, validated: title, description, categories, allowed
     * purposes, the record schema (field name to type, in the provider's order) and licence terms.
     */
    public record Content(String title, String description, List<String> categories, List<String> allowedPurposes,
                          Map<String, String> schema, String licenceTerms) {
    }

    private final DatasetRepository datasets;
    private final DatasetRevisionRepository revisions;
    private final DatasetEvents events;
    private final MeterRegistry meters;
    private final Clock clock;

    public DatasetService(DatasetRepository datasets, DatasetRevisionRepository revisions, DatasetEvents events,
                          MeterRegistry meters, Clock clock) {
        this.datasets = datasets;
        this.revisions = revisions;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Dataset> publish(String providerId, Content request) {
        Instant now = now();
        Dataset d = new Dataset();
        d.id = UUID.randomUUID();
        d.providerId = providerId;
        d.revision = 1;
        d.status = Dataset.Status.PUBLISHED;
        d.createdAt = now;
        d.updatedAt = now;
        apply(d, request);
        return datasets.persist(d)
                .chain(saved -> record(saved, DatasetRevision.Change.PUBLISHED, EventTypes.DATASET_PUBLISHED));
    }

    /**
     * Replaces the dataset's description in full. A replacement identical to the current state is
     * not a change: no new revision, no event (PUT is idempotent).
     */
    @WithTransaction
    public Uni<Dataset> replace(String providerId, UUID id, Content request) {
        return datasets.findOwnedForUpdate(id, providerId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("dataset " + id))
                .chain(d -> {
                    if (d.status == Dataset.Status.WITHDRAWN) {
                        return Uni.createFrom().failure(ExchangeException.conflict(
                                "dataset " + id + " is withdrawn and can no longer be changed"));
                    }
                    Dataset wanted = new Dataset();
                    apply(wanted, request);
                    if (sameContent(d, wanted)) {
                        return Uni.createFrom().item(d);
                    }
                    apply(d, request);
                    d.revision = d.revision + 1;
                    d.updatedAt = now();
                    return record(d, DatasetRevision.Change.UPDATED, EventTypes.DATASET_UPDATED);
                });
    }

    /**
     * Withdraws the dataset from the catalog: no longer listed, no new members, still readable by
     * its owner and existing licence holders. Idempotent: withdrawing again changes nothing.
     */
    @WithTransaction
    public Uni<Dataset> withdraw(String providerId, UUID id) {
        return datasets.findOwnedForUpdate(id, providerId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("dataset " + id))
                .chain(d -> {
                    if (d.status == Dataset.Status.WITHDRAWN) {
                        return Uni.createFrom().item(d);
                    }
                    d.status = Dataset.Status.WITHDRAWN;
                    d.revision = d.revision + 1;
                    d.updatedAt = now();
                    return record(d, DatasetRevision.Change.WITHDRAWN, EventTypes.DATASET_WITHDRAWN);
                });
    }

    /** Every kept revision of the provider's own dataset, oldest first. */
    @WithSession
    public Uni<List<DatasetRevision>> revisions(String providerId, UUID id) {
        return datasets.findOwned(id, providerId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("dataset " + id))
                .chain(d -> revisions.ofDataset(d.id));
    }

    private Uni<Dataset> record(Dataset d, DatasetRevision.Change change, String eventType) {
        return revisions.persist(DatasetRevision.of(d, change))
                .chain(() -> events.changed(eventType, d))
                .invoke(() -> meters.counter("exchange.catalog.dataset.changes", "change", change.name()).increment())
                .replaceWith(d);
    }

    /** Copies validated content onto the dataset; repeated categories or purposes count once. */
    private static void apply(Dataset d, Content r) {
        d.title = r.title().strip();
        d.description = r.description().strip();
        d.categories = Dataset.csv(r.categories().stream().distinct().toList());
        d.allowedPurposes = Dataset.csv(r.allowedPurposes().stream().distinct().toList());
        d.recordSchema = Dataset.schemaJson(new LinkedHashMap<>(r.schema()));
        d.licenceTerms = r.licenceTerms().strip();
    }

    private static boolean sameContent(Dataset a, Dataset b) {
        return a.title.equals(b.title) && a.description.equals(b.description) && a.categories.equals(b.categories)
                && a.allowedPurposes.equals(b.allowedPurposes) && a.recordSchema.equals(b.recordSchema)
                && a.licenceTerms.equals(b.licenceTerms);
    }

    /** Now, to PostgreSQL's precision, so what is written is what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
