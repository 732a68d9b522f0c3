package org.exchange.kit.events;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.exchange.kit.config.EventsConfig;
import org.jboss.logging.Logger;

/**
 * Purges in batches what no longer serves: published outbox rows after
 * {@code exchange.events.outbox-retention}, and consumers' dedup rows after
 * {@code exchange.events.dedup-retention}, which must outlast the topics' retention (a record can
 * be redelivered as long as it is on its topic; docs/events.md). An event not yet published is
 * never purged, whatever its age.
 */
@ApplicationScoped
public class OutboxPurge {

    private static final Logger LOG = Logger.getLogger(OutboxPurge.class);

    private final Pool pool;
    private final Clock clock;
    private final Duration outboxRetention;
    private final Duration dedupRetention;
    private final int batch;

    public OutboxPurge(Pool pool, Clock clock, EventsConfig config) {
        this.pool = pool;
        this.clock = clock;
        this.outboxRetention = config.outboxRetention();
        this.dedupRetention = config.dedupRetention();
        this.batch = config.purgeBatch();
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
        OffsetDateTime cutoff = before.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(sql).execute(Tuple.of(cutoff, batch)).map(rows -> (long) rows.rowCount())
                .chain(n -> n < batch ? Uni.createFrom().item(n) : purgeAll(sql, before).map(more -> n + more));
    }
}
