package org.exchange.kit.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes the outbox to Kafka, oldest first. A row is marked published only after the broker
 * acknowledged it (the channel is an idempotent producer with acks=all), so a crash or a broker
 * outage means the row is sent again later: at-least-once, never lost. One relay publishes at a
 * time across all replicas (a transaction-scoped advisory lock), which keeps per-key order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final long RELAY_LOCK = 0x6f7574626f78L; // "outbox"

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Counter published;

    public OutboxRelay(Pool pool, @Channel(Topics.OUTBOX_CHANNEL) MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "exchange.outbox.batch-size", defaultValue = "500") int batchSize,
                       MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.published = Counter.builder("exchange.outbox.published").register(registry);
    }

    @Scheduled(every = "${exchange.outbox.poll-interval:0.2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return publishPending().replaceWithVoid();
    }

    /** Publishes one batch of pending events; returns how many were published. */
    public Uni<Integer> publishPending() {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RELAY_LOCK))
                .chain(lock -> lock.iterator().next().getBoolean("locked") ? publishBatch(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("SELECT id, topic, event_key, payload FROM outbox WHERE published_at IS NULL "
                        + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(send(row.getString("topic"), row.getString("event_key"), row.getString("payload")));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> conn.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .invoke(() -> published.increment(ids.size()))
                            .replaceWith(ids.size());
                });
    }

    private Uni<Void> send(String topic, String key, String payload) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic).withKey(key).build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
