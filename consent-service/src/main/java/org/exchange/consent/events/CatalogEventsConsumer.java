package org.exchange.consent.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.consent.service.ConsentService;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;
import org.exchange.kit.events.data.DatasetChanged;

/** Invalidates the consents given for a dataset when its provider withdraws it. */
@ApplicationScoped
public class CatalogEventsConsumer {

    static final String CONSUMER = "consent.dataset-withdrawals";

    private final ConsentService consents;
    private final ObjectMapper mapper;

    public CatalogEventsConsumer(ConsentService consents, ObjectMapper mapper) {
        this.consents = consents;
        this.mapper = mapper;
    }

    @Incoming("catalog-in")
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        if (!EventTypes.DATASET_WITHDRAWN.equals(event.type())) {
            return Uni.createFrom().voidItem(); // publications and updates change no consent
        }
        DatasetChanged data = OutboxWriter.dataOf(mapper, event, DatasetChanged.class);
        return Retrying.apply(event, () -> consents.invalidateForDataset(CONSUMER, event.id(), data.datasetId()));
    }
}
