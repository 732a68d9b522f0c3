package org.exchange.pricing.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;
import org.exchange.kit.events.data.DatasetChanged;
import org.exchange.pricing.service.DatasetService;
import org.jboss.logging.Logger;

/**
 * Keeps the dataset projection from {@code catalog.events} (owner and allowed purposes for
 * price books). Deduplicated in the same transaction as the effect; a failure is retried and
 * then fails the channel, so an event is never acknowledged unapplied.
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CONSUMER = "pricing.dataset-projection";
    private static final Logger LOG = Logger.getLogger(CatalogEventsConsumer.class);

    private final DatasetService datasets;
    private final ObjectMapper mapper;

    public CatalogEventsConsumer(DatasetService datasets, ObjectMapper mapper) {
        this.datasets = datasets;
        this.mapper = mapper;
    }

    @Incoming("catalog-in")
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        if (event.type() == null || !event.type().startsWith("dataset.")) {
            return Uni.createFrom().voidItem(); // not a dataset fact; nothing pricing keeps
        }
        DatasetChanged data = OutboxWriter.dataOf(mapper, event, DatasetChanged.class);
        if (data.datasetId() == null || data.providerId() == null) {
            // outside the published schema: it can never apply, and retrying it would block the partition
            LOG.errorf("skipping %s %s: it has no datasetId or providerId", event.type(), event.id());
            return Uni.createFrom().voidItem();
        }
        return Retrying.apply(event, () -> datasets.onCatalogEvent(CONSUMER, event, data));
    }
}
