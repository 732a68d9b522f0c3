package org.exchange.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * SQL reads and writes for tests, through the service's own reactive pool (inject {@code Pool}):
 * the one way every service's tests look at their database. {@link Instant} parameters are bound
 * as timestamps with time zone.
 */
public final class Rows {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Rows() {
    }

    /** The first column of the first row, as a number (a count, a sum, a balance). */
    public static long count(Pool db, String sql, Object... params) {
        return first(db, sql, params).getLong(0);
    }

    public static Row first(Pool db, String sql, Object... params) {
        var rows = db.preparedQuery(sql).execute(tuple(params)).await().atMost(TIMEOUT).iterator();
        if (!rows.hasNext()) {
            throw new AssertionError("no row for: " + sql);
        }
        return rows.next();
    }

    /** Runs a statement; returns the rows it changed. */
    public static int exec(Pool db, String sql, Object... params) {
        return db.preparedQuery(sql).execute(tuple(params)).await().atMost(TIMEOUT).rowCount();
    }

    private static Tuple tuple(Object... params) {
        return Tuple.from(Arrays.stream(params)
                .map(p -> p instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : p).toArray());
    }
}
