package org.exchange.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Membership writes on a connection of the reactive pool, inside the caller's transaction. A batch
 * is one statement: the rows travel as two arrays that Postgres unnests, so 10,000 rows cost one
 * round trip instead of 10,000. Rows are written in subject order, so two overlapping batches
 * lock them in the same order and wait for each other instead of deadlocking.
 */
@ApplicationScoped
public class MemberRepository {

    /**
     * Serialises membership writes against erasure: writers share this lock, an erasure takes it
     * alone, so an erased subject can never be re-added by a batch that raced the erasure.
     */
    public static final long ERASURE_LOCK = 0x6572617365L; // "erase"

    public record Upserted(int accepted, int inserted, int updated) {
    }

    public record Owner(String providerId, String status) {
    }

    /** A dataset's declared members (whatever their consent) and the records they contribute. */
    public record Totals(long subjects, long records) {

        public static final Totals NONE = new Totals(0, 0);
    }

    /** The dataset's owner and status, locked against a concurrent withdrawal; null when there is no such dataset. */
    public Uni<Owner> ownerForShare(SqlConnection conn, UUID datasetId) {
        return conn.preparedQuery("SELECT provider_id, status FROM dataset WHERE id = $1 FOR SHARE")
                .execute(Tuple.of(datasetId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Owner(r.getString("provider_id"), r.getString("status"));
                });
    }

    /**
     * Inserts new members and updates changed record counts; rows equal to the current state are
     * left alone (a re-sent batch writes nothing) and erased subjects are skipped. Subject ids must
     * be distinct within the batch.
     */
    public Uni<Upserted> upsert(SqlConnection conn, UUID datasetId, String[] subjectIds, Long[] records) {
        return conn.preparedQuery("""
                        WITH batch AS (
                            SELECT t.subject_id, t.records
                              FROM unnest($2::text[], $3::int8[]) AS t(subject_id, records)
                             WHERE NOT EXISTS (SELECT 1 FROM erased_subject e WHERE e.subject_id = t.subject_id)
                        ), written AS (
                            INSERT INTO dataset_member AS m (dataset_id, subject_id, records)
                            SELECT $1::uuid, subject_id, records FROM batch ORDER BY subject_id
                            ON CONFLICT (dataset_id, subject_id) DO UPDATE
                               SET records = EXCLUDED.records, updated_at = now()
                             WHERE m.records <> EXCLUDED.records
                            RETURNING (xmax = 0) AS inserted
                        )
                        SELECT (SELECT count(*) FROM batch) AS accepted,
                               count(*) FILTER (WHERE inserted) AS inserted,
                               count(*) FILTER (WHERE NOT inserted) AS updated
                          FROM written""")
                .execute(Tuple.of(datasetId, subjectIds, records))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Upserted((int) r.getLong("accepted").longValue(), (int) r.getLong("inserted").longValue(),
                            (int) r.getLong("updated").longValue());
                });
    }

    public Uni<Integer> remove(SqlConnection conn, UUID datasetId, String[] subjectIds) {
        // rows are locked in subject order, like the upsert does, so concurrent batches cannot deadlock
        return conn.preparedQuery("""
                        DELETE FROM dataset_member WHERE (dataset_id, subject_id) IN (
                            SELECT dataset_id, subject_id FROM dataset_member
                             WHERE dataset_id = $1 AND subject_id = ANY($2::text[])
                             ORDER BY subject_id FOR UPDATE)""")
                .execute(Tuple.of(datasetId, subjectIds))
                .map(rows -> rows.rowCount());
    }

    public Uni<Totals> total(SqlConnection conn, UUID datasetId) {
        return conn.preparedQuery("""
                        SELECT count(*) AS subjects, coalesce(sum(records), 0) AS records
                          FROM dataset_member WHERE dataset_id = $1""")
                .execute(Tuple.of(datasetId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Totals(r.getLong("subjects"), r.getLong("records"));
                });
    }
}
