package org.exchange.kit.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.exchange.kit.config.EventsConfig;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The outbox seen from outside: its backlog (events not yet acknowledged by the broker) and the
 * age of the oldest, as gauges ({@code exchange.outbox.backlog}, {@code exchange.outbox.oldest.age}
 * in seconds) and in the readiness detail, beside whether the broker is reachable. Readiness stays
 * UP while the broker is away: the API works and the outbox keeps every event (invariant 5).
 * <p>
 * Also purges in batches what no longer serves: published outbox rows after
 * {@code exchange.events.outbox-retention}, and consumers' dedup rows after
 * {@code exchange.events.dedup-retention}, which must outlast the topics' retention (a record can
 * be redelivered as long as it is on its topic; docs/events.md).
 */
@Readiness
@ApplicationScoped
public class OutboxMonitor implements AsyncHealthCheck {

    private static final Logger LOG = Logger.getLogger(OutboxMonitor.class);

    private final Pool pool;
    private final BrokerStatus broker;
    private final Clock clock;
    private final Duration outboxRetention;
    private final Duration dedupRetention;
    private final int batch;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxMonitor(Pool pool, BrokerStatus broker, Clock clock, MeterRegistry meters, EventsConfig config) {
        this.pool = pool;
        this.broker = broker;
        this.clock = clock;
        this.outboxRetention = config.outboxRetention();
        this.dedupRetention = config.dedupRetention();
        this.batch = config.purgeBatch();
        Gauge.builder("exchange.outbox.backlog", backlog, AtomicLong::get)
                .description("outbox events not yet acknowledged by the broker").register(meters);
        Gauge.builder("exchange.outbox.oldest.age", oldestSeconds, AtomicLong::get).baseUnit("seconds")
                .description("age of the oldest outbox event not yet acknowledged").register(meters);
    }

    /** The backlog now: count and age of the oldest pending event. */
    public Uni<long[]> backlog() {
        return pool.query("SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime oldest = row.getOffsetDateTime(1);
                    long age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toSeconds());
                    backlog.set(row.getLong(0));
                    oldestSeconds.set(age);
                    return new long[] {row.getLong(0), age};
                });
    }

    @Scheduled(every = "${exchange.events.backlog-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return backlog().replaceWithVoid().onFailure().recoverWithNull().replaceWithVoid();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("events").up()
                .withData("broker", broker.reachable() ? "reachable" : "unreachable")
                .withData("brokerSince", broker.since().toString());
        if (broker.lastError() != null) {
            health.withData("brokerError", broker.lastError());
        }
        return backlog().map(b -> health.withData("outboxBacklog", b[0]).withData("outboxOldestSeconds", b[1]).build())
                .onFailure().recoverWithItem(e -> health.withData("outboxBacklog", "unknown: " + e.getMessage()).build());
    }

    @Scheduled(every = "${exchange.events.purge-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge(clock.instant())
                .invoke(n -> { if (n > 0) LOG.infof("purged %d published outbox and old dedup rows", n); })
                .onFailure().invoke(e -> LOG.warnf("purging the outbox failed, next time: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Deletes, in batches, published outbox rows and dedup rows past their retention at {@code now}; emits how many. */
    public Uni<Long> purge(Instant now) {
        return purgeAll("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at < $1 ORDER BY id LIMIT $2)",
                now.minus(outboxRetention))
                .chain(outbox -> purgeAll("""
                        DELETE FROM processed_event WHERE (consumer, event_id) IN
                          (SELECT consumer, event_id FROM processed_event WHERE processed_at < $1 LIMIT $2)""",
                        now.minus(dedupRetention)).map(dedup -> outbox + dedup));
    }

    private Uni<Long> purgeAll(String sql, Instant before) {
        OffsetDateTime cutoff = before.atOffset(java.time.ZoneOffset.UTC);
        return pool.preparedQuery(sql).execute(Tuple.of(cutoff, batch)).map(rows -> (long) rows.rowCount())
                .chain(n -> n < batch ? Uni.createFrom().item(n) : purgeAll(sql, before).map(more -> n + more));
    }
}
