package org.exchange.payout.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Topics;
import org.exchange.kit.events.data.EarningsCredited;
import org.exchange.kit.events.data.PayoutChanged;
import org.exchange.payout.Payout;

/**
 * The payout events, written to the outbox in the caller's transaction. Payout events go one by
 * one through {@link OutboxWriter}; a release credits up to 100,000 payees at once, so
 * {@code earnings.credited} is appended set-based in batches, in exactly the envelope
 * {@link OutboxWriter} writes (same source, topic prefix and format).
 */
@ApplicationScoped
public class PayoutEvents {

    static final int BATCH = 5_000;

    private final OutboxWriter outbox;
    private final ObjectMapper mapper;
    private final String source;
    private final String topic;

    public PayoutEvents(OutboxWriter outbox, ObjectMapper mapper,
                        @ConfigProperty(name = "quarkus.application.name") String source,
                        @ConfigProperty(name = "exchange.topic-prefix") Optional<String> topicPrefix) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.source = source;
        this.topic = topicPrefix.orElse("") + Topics.PAYOUT;
    }

    public Uni<Void> payoutChanged(Payout p, Instant at) {
        String type = switch (p.status) {
            case REQUESTED -> EventTypes.PAYOUT_REQUESTED;
            case PAID -> EventTypes.PAYOUT_PAID;
            case FAILED -> EventTypes.PAYOUT_FAILED;
            case PROCESSING -> throw new IllegalArgumentException("PROCESSING is not published");
        };
        return outbox.append(Topics.PAYOUT, type, p.id.toString(), new PayoutChanged(p.id.toString(), p.ownerId,
                p.ownerKind, p.amount, p.currency, p.status.name(), p.failureReason, p.railReference, at))
                .replaceWithVoid();
    }

    /** Appends one {@code earnings.credited} per credit, keyed by the payee. */
    public Uni<Void> earningsCredited(List<EarningsCredited> credits, Instant at) {
        int batches = (credits.size() + BATCH - 1) / BATCH;
        return Multi.createFrom().range(0, batches)
                .onItem().transformToUniAndConcatenate(b -> insert(credits.subList(b * BATCH,
                        Math.min(credits.size(), (b + 1) * BATCH)), at))
                .collect().last().replaceWithVoid();
    }

    private Uni<Integer> insert(List<EarningsCredited> batch, Instant at) {
        ArrayNode rows = mapper.createArrayNode();
        for (EarningsCredited c : batch) {
            EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.EARNINGS_CREDITED, source,
                    at, c.ownerId(), 1, mapper.valueToTree(c));
            rows.addObject().put("i", envelope.id()).put("k", c.ownerId()).put("p", json(envelope));
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO outbox (event_id, topic, event_key, payload)
                        SELECT x.i, ?2, x.k, x.p FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb)) AS x(i text, k text, p text)""")
                .setParameter(1, rows.toString()).setParameter(2, topic).executeUpdate());
    }

    private String json(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.type() + " is not serialisable", e);
        }
    }
}
