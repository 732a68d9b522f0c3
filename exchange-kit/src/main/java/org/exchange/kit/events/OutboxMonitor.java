package org.exchange.kit.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox seen from outside: its backlog (events not yet acknowledged by the broker) and the
 * age of the oldest, as gauges ({@code exchange.outbox.backlog}, {@code exchange.outbox.oldest.age}
 * in seconds) and in the readiness detail ({@link EventsHealth}).
 */
@ApplicationScoped
public class OutboxMonitor {

    private final Pool pool;
    private final Clock clock;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxMonitor(Pool pool, Clock clock, MeterRegistry meters) {
        this.pool = pool;
        this.clock = clock;
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

}
