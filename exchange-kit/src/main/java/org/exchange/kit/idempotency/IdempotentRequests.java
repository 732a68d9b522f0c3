package org.exchange.kit.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;

/**
 * The one idempotency mechanism of every {@code Idempotency-Key} endpoint (docs/idempotency.md;
 * Stripe's rules, with the statuses of the IETF httpapi idempotency-key draft). Keys are scoped to
 * the caller. The first request claims the key (a committed row, so that a retry can see it is in
 * flight), does its work, and stores its response in the same transaction as its effect
 * ({@link #complete}). Then:
 * <ul>
 *   <li>the same key and the same request: the stored first response, replayed as it was
 *       ({@link Response#replayed()}; the API says so with {@code Idempotent-Replayed: true});</li>
 *   <li>the same key with another request: 422;</li>
 *   <li>the same key while the first is still in flight: 409 (retry later);</li>
 *   <li>a request that failed (a validation error, a refusal thrown as an exception, a service
 *       unavailable) stores nothing: the key is released and a retry is evaluated afresh;</li>
 *   <li>a claim left behind by a crash is taken over after {@code exchange.idempotency.stale-after}.</li>
 * </ul>
 * Keys are forgotten after {@code exchange.idempotency.retention} (at least a day).
 */
@ApplicationScoped
public class IdempotentRequests {

    /** A response as first given: status, body (JSON), the Location header if any. */
    public record Response(int status, String body, String location, boolean replayed) {
    }

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);

    private final Pool pool;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Duration retention;
    private final Duration staleAfter;

    public IdempotentRequests(Pool pool, Clock clock, ObjectMapper mapper,
                              @ConfigProperty(name = "exchange.idempotency.retention") Duration retention,
                              @ConfigProperty(name = "exchange.idempotency.stale-after") Duration staleAfter) {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalStateException("exchange.idempotency.retention must be at least a day");
        }
        this.pool = pool;
        this.clock = clock;
        this.mapper = mapper;
        this.retention = retention;
        this.staleAfter = staleAfter;
    }

    /** The hash a request is known by: operation (method and path) and its body, as JSON. */
    public String hash(String operation, Object body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((operation + "\n" + mapper.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    /**
     * Runs {@code work} once per (caller, key): a replay of a completed request answers its stored
     * response without running it. {@code work} must call {@link #complete} in the transaction
     * that writes its effect; if it fails, the key is released and the failure passed on.
     */
    public Uni<Response> run(String caller, String key, String requestHash, Supplier<Uni<Response>> work) {
        return claim(caller, key, requestHash).chain(replay -> replay != null ? Uni.createFrom().item(replay)
                : Uni.createFrom().<Response>deferred(work::get)
                        .onFailure().call(e -> release(caller, key)
                                .onFailure().invoke(r -> LOG.warnf("releasing idempotency key of %s failed: %s", caller, r))
                                .onFailure().recoverWithNull()));
    }

    /** Stores the response of a claimed request; call inside the transaction that writes its effect (Panache). */
    public Uni<Void> complete(String caller, String key, Response response) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        UPDATE idempotent_request SET status_code = ?3, response_body = ?4, location = ?5, completed_at = ?6
                         WHERE caller = ?1 AND idempotency_key = ?2 AND status_code IS NULL""")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, response.status())
                .setParameter(4, response.body()).setParameter(5, response.location()).setParameter(6, now)
                .executeUpdate())
                .invoke(updated -> {
                    if (updated != 1) {
                        // the claim was taken over (this request ran longer than stale-after): roll back
                        throw ExchangeException.conflict("this request took too long and was retried meanwhile; "
                                + "retry it with the same Idempotency-Key to get the outcome");
                    }
                })
                .replaceWithVoid();
    }

    /** Emits null when the key is claimed for this request now, else the stored response to replay. */
    private Uni<Response> claim(String caller, String key, String requestHash) {
        OffsetDateTime now = now();
        return pool.preparedQuery("""
                        INSERT INTO idempotent_request (caller, idempotency_key, request_hash, created_at, claimed_at)
                        VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(caller, key, requestHash, now))
                .chain(inserted -> inserted.rowCount() == 1 ? Uni.createFrom().nullItem()
                        : existing(caller, key, requestHash, now));
    }

    private Uni<Response> existing(String caller, String key, String requestHash, OffsetDateTime now) {
        return pool.preparedQuery("""
                        SELECT request_hash, status_code, response_body, location, claimed_at FROM idempotent_request
                         WHERE caller = $1 AND idempotency_key = $2""")
                .execute(Tuple.of(caller, key))
                .chain(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return claim(caller, key, requestHash); // released or expired in between
                    }
                    Row row = it.next();
                    if (!row.getString("request_hash").equals(requestHash)) {
                        return Uni.createFrom().failure(ExchangeException.unprocessable(
                                "this Idempotency-Key was already used with a different request; use a new key"));
                    }
                    Integer status = row.getInteger("status_code");
                    if (status != null) {
                        return Uni.createFrom().item(new Response(status, row.getString("response_body"),
                                row.getString("location"), true));
                    }
                    if (row.getOffsetDateTime("claimed_at").isAfter(now.minus(staleAfter))) {
                        return Uni.createFrom().failure(ExchangeException.conflict(
                                "a request with this Idempotency-Key is still in progress; retry in a moment"));
                    }
                    // left behind by a crash: take it over, unless someone else just did
                    return pool.preparedQuery("""
                                    UPDATE idempotent_request SET claimed_at = $3
                                     WHERE caller = $1 AND idempotency_key = $2 AND status_code IS NULL AND claimed_at = $4""")
                            .execute(Tuple.of(caller, key, now, row.getOffsetDateTime("claimed_at")))
                            .chain(updated -> updated.rowCount() == 1 ? Uni.createFrom().nullItem()
                                    : existing(caller, key, requestHash, now));
                });
    }

    private Uni<Void> release(String caller, String key) {
        return pool.preparedQuery("DELETE FROM idempotent_request WHERE caller = $1 AND idempotency_key = $2 "
                        + "AND status_code IS NULL")
                .execute(Tuple.of(caller, key)).replaceWithVoid();
    }

    /** Forgets keys older than the retention; emits how many. */
    public Uni<Integer> forgetOld() {
        return pool.preparedQuery("DELETE FROM idempotent_request WHERE created_at < $1")
                .execute(Tuple.of(now().minus(retention))).map(rows -> rows.rowCount());
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledCleanup() {
        return forgetOld().invoke(n -> { if (n > 0) LOG.infof("forgot %d idempotency keys", n); })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
