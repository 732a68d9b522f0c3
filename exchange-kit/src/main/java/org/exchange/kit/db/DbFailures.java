package org.exchange.kit.db;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies failures once for every service: what a retry can cure (the database or a peer
 * away for a moment, a deadlock, a serialisation failure) and what it cannot (a unique
 * violation, bad data). Hibernate Reactive and the pool wrap the driver's exception differently
 * by path, so the whole cause chain is searched.
 */
public final class DbFailures {

    private static final Pattern UNIQUE = Pattern.compile("unique constraint \"([^\"]+)\"");

    private DbFailures() {
    }

    /** A deadlock (40P01) or serialisation failure (40001): the transaction rolled back and may run again. */
    public static boolean isRetryableConflict(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure that says nothing about the work itself: a conflict as above, or a connection to the
     * database (or to another service) that failed, was refused, closed or timed out, or a server
     * shutting down or out of resources (SQLSTATE classes 08, 53, 57P). Retrying it later is right.
     */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ConnectException || t instanceof SocketException || t instanceof TimeoutException
                    || t instanceof ClosedChannelException || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof io.vertx.core.http.HttpClosedException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40P01") || state.equals("40001") || state.equals("55P03")) {
                    return true;
                }
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Connection refused") || message.contains("Connection reset")
                    || message.contains("Connection is not active") || message.contains("Pool closed")
                    || message.contains("connection was closed") || message.contains("Timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name of the unique constraint a failure violated (SQLSTATE 23505), or null when it is
     * not a unique violation.
     */
    public static String uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException c && c.getConstraintName() != null
                    && "23505".equals(c.getSQLState())) {
                return c.getConstraintName();
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("duplicate key")) {
                Matcher m = UNIQUE.matcher(message);
                return m.find() ? m.group(1) : "";
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
