package org.exchange.consent.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.exchange.kit.events.OutboxPurge;
import org.exchange.testing.Rows;
import org.junit.jupiter.api.Test;

/**
 * Nothing grows without bound: published outbox rows go after the outbox retention (7 days),
 * dedup rows after the dedup retention (100 days, longer than any topic keeps a record), in batches;
 * an event not yet published is never purged, whatever its age.
 */
@QuarkusTest
class OutboxPurgeTest {

    @Inject
    Pool db;

    @Inject
    OutboxPurge monitor;

    @Test
    void publishedOutboxRowsAndOldDedupRowsArePurgedAfterTheirRetentionAndPendingEventsNever() throws Throwable {
        String run = UUID.randomUUID().toString();
        Instant now = Instant.now();
        // 12,001 published rows 8 days old (more than two purge batches), 1 published yesterday, 1 pending 60 days old
        Rows.exec(db, """
                INSERT INTO outbox (event_id, topic, event_key, payload, created_at, published_at)
                SELECT gen_random_uuid()::text, 'purge-test', $1, '{}', $2, $2 FROM generate_series(1, 12001)""",
                "old-" + run, now.minus(Duration.ofDays(8)));
        Rows.exec(db, "INSERT INTO outbox (event_id, topic, event_key, payload, created_at, published_at) "
                + "VALUES (gen_random_uuid()::text, 'purge-test', $1, '{}', $2, $2)", "recent-" + run, now.minus(Duration.ofDays(1)));
        Rows.exec(db, "INSERT INTO outbox (event_id, topic, event_key, payload, created_at) "
                + "VALUES (gen_random_uuid()::text, 'purge-test-pending', $1, '{}', $2)", "pending-" + run,
                now.minus(Duration.ofDays(60)));
        Rows.exec(db, "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ($1, 'a', $2), ($1, 'b', $3)",
                "purge-test-" + run, now.minus(Duration.ofDays(101)), now.minus(Duration.ofDays(99)));

        // the relay must not publish the pending row meanwhile (its topic is no test topic): hold it
        // locked, which the relay's SKIP LOCKED passes over and the purge, which never matches it, ignores
        SqlConnection holder = db.getConnection().await().atMost(Duration.ofSeconds(30));
        long purged;
        try {
            holder.query("BEGIN").execute().await().atMost(Duration.ofSeconds(30));
            holder.preparedQuery("SELECT id FROM outbox WHERE event_key = $1 FOR UPDATE").execute(Tuple.of("pending-" + run))
                    .await().atMost(Duration.ofSeconds(30));
            purged = VertxContextSupport.subscribeAndAwait(() -> monitor.purge(now));
            assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND published_at IS NULL", "pending-" + run))
                    .as("never published, whatever its age").isOne();
        } finally {
            holder.query("DELETE FROM outbox WHERE event_key = '" + "pending-" + run + "'").execute()
                    .await().atMost(Duration.ofSeconds(30));
            holder.query("COMMIT").execute().await().atMost(Duration.ofSeconds(30));
            holder.close().await().atMost(Duration.ofSeconds(30));
        }

        assertThat(purged).isGreaterThanOrEqualTo(12_002);
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1", "old-" + run)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1", "recent-" + run)).isOne();
        assertThat(Rows.count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1", "purge-test-" + run)).isOne();
        assertThat(Rows.count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = 'b'", "purge-test-" + run))
                .isOne();
        Rows.exec(db, "DELETE FROM outbox WHERE event_key = $1", "recent-" + run);
    }
}
