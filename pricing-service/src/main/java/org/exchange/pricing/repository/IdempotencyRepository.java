package org.exchange.pricing.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Stored first responses per (caller, Idempotency-Key); see docs/idempotency.md. */
@ApplicationScoped
public class IdempotencyRepository {

    public static final String PRIMARY_KEY = "idempotency_key_pkey";

    public record Stored(String requestHash, int statusCode, String responseBody, UUID purchaseId) {
    }

    private final Pool pool;

    public IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The committed record for this key, or null. */
    public Uni<Stored> find(String consumerId, String key) {
        return pool.preparedQuery("""
                        SELECT request_hash, status_code, response_body, purchase_id FROM idempotency_key
                        WHERE consumer_id = $1 AND idempotency_key = $2""")
                .execute(Tuple.of(consumerId, key))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new Stored(row.getString("request_hash"), row.getInteger("status_code"),
                            row.getString("response_body"), row.getUUID("purchase_id"));
                });
    }

    /**
     * Inserts the record in the caller's transaction, before anything else it writes: a
     * concurrent request with the same key blocks on the primary key until this transaction
     * ends, then fails with a unique violation and replays what this one stored.
     */
    public Uni<Void> insert(String consumerId, String key, String requestHash, int statusCode, String body,
                            UUID purchaseId, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO idempotency_key (consumer_id, idempotency_key, request_hash, status_code,
                                                     response_body, purchase_id, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, cast(?6 as uuid), ?7)""")
                .setParameter(1, consumerId)
                .setParameter(2, key)
                .setParameter(3, requestHash)
                .setParameter(4, statusCode)
                .setParameter(5, body)
                .setParameter(6, purchaseId.toString())
                .setParameter(7, at)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets keys older than {@code before}; the quote's unique purchase still stops a second charge. */
    public Uni<Integer> deleteOlderThan(Instant before) {
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
