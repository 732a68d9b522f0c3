package org.exchange.kit.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * PostgreSQL advisory locks, transaction-scoped (released at commit or rollback), in one place
 * for every service (docs/data-access.md). A lock named by text (a subject, an account) is
 * {@code hashtextextended(name, 0)}; a lock named by a constant is that number. {@code on...}
 * variants take the reactive pool's connection; the others use the current Panache session's
 * transaction.
 */
public final class Locks {

    private Locks() {
    }

    /** Waits for the exclusive lock on {@code name} in the current transaction (Panache). */
    public static Uni<Void> exclusive(String name) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS locked")
                .setParameter(1, name).getSingleResult()).replaceWithVoid();
    }

    /** Waits for the exclusive lock {@code id} in the current transaction (Panache). */
    public static Uni<Void> exclusive(long id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked")
                .setParameter(1, id).getSingleResult()).replaceWithVoid();
    }

    /** Waits for the shared lock {@code id} on {@code conn}'s transaction (many holders; excludes {@link #exclusive}). */
    public static Uni<Void> sharedOn(SqlClient conn, long id) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock_shared($1)").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Takes the exclusive lock {@code id} on {@code conn}'s transaction if free; emits whether it did. */
    public static Uni<Boolean> tryExclusiveOn(SqlClient conn, long id) {
        return conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }
}
