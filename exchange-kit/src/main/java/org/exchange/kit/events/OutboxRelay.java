package org.exchange.kit.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.kit.db.Locks;
import org.exchange.kit.events.signing.EventSigner;
import org.jboss.logging.Logger;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventHeaders;

/**
 * Publishes the outbox to Kafka, oldest first. A row is marked published only after the broker
 * acknowledged it ({@link EventPublisher}: an idempotent producer with acks=all), so a crash or a broker
 * outage means the row is sent again later: at-least-once, never lost. One relay publishes at a
 * time across all replicas (a transaction-scoped advisory lock), which keeps per-key order.
 * Each record is a structured-mode CloudEvent ({@code content-type} header) signed by this
 * service's {@link EventSigner} over its exact bytes ({@code exchange-key-id},
 * {@code exchange-signature} headers).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x6f7574626f78L; // "outbox"

    private final Pool pool;
    private final EventPublisher publisher;
    private final EventSigner signer;
    private final BrokerStatus broker;
    private final int batchSize;
    private final Counter published;
    private final Vertx vertx;
    private final long pollMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    public OutboxRelay(Pool pool, EventPublisher publisher, EventSigner signer,
                       BrokerStatus broker,
                       @ConfigProperty(name = "exchange.outbox.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "exchange.outbox.poll-millis", defaultValue = "100") long pollMillis,
                       MeterRegistry registry, Vertx vertx) {
        this.pool = pool;
        this.publisher = publisher;
        this.signer = signer;
        this.broker = broker;
        this.batchSize = batchSize;
        this.pollMillis = pollMillis;
        this.vertx = vertx;
        this.published = Counter.builder("exchange.outbox.published").register(registry);
    }

    /**
     * Polls on a Vert.x timer (the scheduler ticks once a second, too coarse for events that
     * make a revocation visible); a poll is skipped while the previous one is still running.
     */
    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1000, pollMillis, id -> {
            if (running.compareAndSet(false, true)) {
                publishPending().subscribe().with(
                        count -> running.set(false),
                        failure -> {
                            running.set(false);
                            LOG.warnf("publishing the outbox failed, retrying on the next poll: %s", failure.getMessage());
                        });
            }
        });
    }

    /** Stops polling before the pool and the emitter are closed. */
    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Publishes one batch of pending events; returns how many were published. */
    public Uni<Integer> publishPending() {
        return pool.withTransaction(conn -> Locks.tryExclusiveOn(conn, RELAY_LOCK)
                .chain(locked -> locked ? publishBatch(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("SELECT id, topic, event_key, payload FROM outbox WHERE published_at IS NULL "
                        + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    Map<String, List<Row>> byKey = new LinkedHashMap<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        byKey.computeIfAbsent(row.getString("topic") + "/" + row.getString("event_key"),
                                k -> new ArrayList<>()).add(row);
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> keys = byKey.values().stream().map(this::sendInOrder).toList();
                    return Uni.join().all(keys).andFailFast()
                            .invoke(broker::acknowledged)
                            .onFailure().invoke(broker::sendFailed)
                            .chain(() -> conn.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .invoke(() -> published.increment(ids.size()))
                            .replaceWith(ids.size());
                });
    }

    /**
     * Sends one key's events one after the other, each only once the previous one was
     * acknowledged: keys go in parallel, but a failed send is never overtaken by a later event
     * of the same key (which the producer alone does not guarantee once a send has expired).
     */
    private Uni<Void> sendInOrder(List<Row> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(row ->
                        send(row.getString("topic"), row.getString("event_key"), row.getString("payload")))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> send(String topic, String key, String payload) {
        EventSigner.Signed signed = signer.sign(payload.getBytes(StandardCharsets.UTF_8));
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.CONTENT_TYPE, EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.KEY_ID, signed.keyId().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SIGNATURE, signed.signature().getBytes(StandardCharsets.UTF_8));
        return publisher.send(topic, key, payload, headers);
    }
}
