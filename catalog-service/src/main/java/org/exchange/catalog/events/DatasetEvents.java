package org.exchange.catalog.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.exchange.catalog.Dataset;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.contract.events.Topics;
import org.exchange.contract.events.data.DatasetChanged;

/** Puts dataset events into the outbox, keyed by dataset id so one dataset's events stay in order. */
@ApplicationScoped
public class DatasetEvents {

    private final OutboxWriter outbox;

    public DatasetEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /** {@code type} is one of dataset.published, dataset.updated, dataset.withdrawn. */
    public Uni<Void> changed(String type, Dataset d) {
        DatasetChanged data = new DatasetChanged(d.id.toString(), d.providerId, d.revision, d.title, d.categoryList(),
                d.purposeList(), d.status.name(), d.updatedAt);
        return outbox.append(Topics.CATALOG, type, d.id.toString(), data).replaceWithVoid();
    }
}
