package org.exchange.payout.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.exchange.testing.Rows.count;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.kit.idempotency.IdempotentRequests.Response;
import org.exchange.kit.service.ExchangeException;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.MutableClock;
import org.exchange.testing.Rows;
import org.junit.jupiter.api.Test;

/**
 * The kit's one Idempotency-Key mechanism (docs/idempotency.md) against this service's database,
 * driven directly: {@link IdempotentRequests#run} with a work that writes an effect (a row) and
 * {@link IdempotentRequests#complete}s in one transaction, as PayoutService does. Each test has
 * its own caller, so keys never meet.
 */
@QuarkusTest
class IdempotentRequestsTest {

    /** The effect a work writes: a row of processed_event under this consumer name, one per run. */
    static final String EFFECTS = "idempotency-test";
    static final String OPERATION = "POST /test/things";
    static final Response CREATED = new Response(201, "{\"id\":\"t-1\",\"amount\":12,\"note\":\"é ✓ \\\"quoted\\\"\"}",
            "/test/things/t-1", false);

    @Inject
    IdempotentRequests idempotency;

    @Inject
    MutableClock clock;

    @Inject
    Pool db;

    @ConfigProperty(name = "exchange.idempotency.stale-after")
    Duration staleAfter;

    final String caller = Fixtures.id("caller");

    String hash(long amount) {
        return idempotency.hash(OPERATION, Map.of("amount", amount));
    }

    Response run(String key, String hash, Supplier<Uni<Response>> work) {
        return Fixtures.await(() -> idempotency.run(caller, key, hash, work));
    }

    CompletableFuture<Response> runAsync(String key, String hash, Supplier<Uni<Response>> work) {
        return CompletableFuture.supplyAsync(() -> run(key, hash, work));
    }

    /** A work: counts its runs, waits for {@code gate}, then writes {@code effect} and completes with {@code response}. */
    Supplier<Uni<Response>> work(AtomicInteger runs, CompletableFuture<Void> gate, String key, String effect,
                                 Response response) {
        return () -> {
            runs.incrementAndGet();
            return waitFor(gate).chain(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2)")
                            .setParameter(1, EFFECTS).setParameter(2, effect).executeUpdate())
                    .chain(() -> idempotency.complete(caller, key, response))
                    .replaceWith(response)));
        };
    }

    Supplier<Uni<Response>> work(AtomicInteger runs, String key, String effect, Response response) {
        return work(runs, CompletableFuture.completedFuture(null), key, effect, response);
    }

    /** Waits for {@code gate} without blocking, then goes on on this Vert.x context (where the session lives). */
    static Uni<Void> waitFor(CompletableFuture<Void> gate) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(gate)
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .replaceWithVoid();
    }

    static Supplier<Uni<Response>> mustNotRun() {
        return () -> {
            throw new AssertionError("this work must not run");
        };
    }

    long effects(String effect) {
        return count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2", EFFECTS, effect);
    }

    long keys(String key) {
        return count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1 AND idempotency_key = $2", caller, key);
    }

    void moveClaimBack(String key, Duration by) {
        assertThat(Rows.exec(db, "UPDATE idempotent_request SET claimed_at = $3 WHERE caller = $1 AND idempotency_key = $2",
                caller, key, clock.instant().minus(by))).isEqualTo(1);
    }

    static String effect() {
        return UUID.randomUUID().toString();
    }

    static ExchangeException.Kind kindOf(Throwable t) {
        Throwable e = t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException
                ? t.getCause() : t;
        assertThat(e).isInstanceOf(ExchangeException.class);
        return ((ExchangeException) e).kind();
    }

    static Response replayed(Response r) {
        return new Response(r.status(), r.body(), r.location(), true);
    }

    @Test
    void aRequestWhoseFirstIsStillInFlightIs409AndItsWorkDoesNotRun() throws Exception {
        AtomicInteger firstRuns = new AtomicInteger();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        String effect = effect();
        CompletableFuture<Response> first = runAsync("k", hash(12), work(firstRuns, gate, "k", effect, CREATED));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstRuns.get() == 1);
        assertThat(count(db, "SELECT count(*) FROM idempotent_request WHERE caller = $1 AND idempotency_key = 'k' "
                + "AND status_code IS NULL", caller)).as("claimed, no response yet").isEqualTo(1);

        assertThatThrownBy(() -> run("k", hash(12), mustNotRun()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.CONFLICT))
                .hasMessageContaining("in progress");
        // another request under the key is refused as such, in flight or not
        assertThatThrownBy(() -> run("k", hash(13), mustNotRun()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.UNPROCESSABLE));
        assertThat(first).isNotDone();

        gate.complete(null);
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(CREATED);
        assertThat(firstRuns).hasValue(1);
        assertThat(effects(effect)).isEqualTo(1);
        assertThat(run("k", hash(12), mustNotRun())).isEqualTo(replayed(CREATED));
    }

    @Test
    void aStaleClaimLeftByACrashIsTakenOverAndItsWorkRunsOnce() {
        // a crash after the claim: a committed row with no response, and nothing else
        Rows.exec(db, "INSERT INTO idempotent_request (caller, idempotency_key, request_hash, created_at, claimed_at) "
                + "VALUES ($1, 'k', $2, $3, $3)", caller, hash(12), clock.instant().minus(staleAfter).plusSeconds(30));
        // not stale yet: still in flight as far as anyone can tell
        assertThatThrownBy(() -> run("k", hash(12), mustNotRun()))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.CONFLICT));

        moveClaimBack("k", staleAfter.plusSeconds(1));
        AtomicInteger runs = new AtomicInteger();
        String effect = effect();
        assertThat(run("k", hash(12), work(runs, "k", effect, CREATED))).isEqualTo(CREATED);
        assertThat(runs).hasValue(1);
        assertThat(effects(effect)).isEqualTo(1);
        assertThat(count(db, "SELECT status_code FROM idempotent_request WHERE caller = $1 AND idempotency_key = 'k'",
                caller)).isEqualTo(201);

        assertThat(run("k", hash(12), mustNotRun())).isEqualTo(replayed(CREATED));
        assertThat(runs).hasValue(1);
        assertThat(keys("k")).isEqualTo(1);
    }

    @Test
    void aFailingWorkStoresNothingAndReleasesTheKeyForTheNextRun() {
        ExchangeException refusal = ExchangeException.invalid("the amount is below the minimum");
        AtomicInteger runs = new AtomicInteger();
        // fails after writing its effect, in its transaction: the effect rolls back, nothing is stored
        String rolledBack = effect();
        assertThatThrownBy(() -> run("k", hash(12), () -> {
            runs.incrementAndGet();
            return Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2)")
                            .setParameter(1, EFFECTS).setParameter(2, rolledBack).executeUpdate())
                    .chain(() -> Uni.createFrom().<Response>failure(refusal)));
        })).isSameAs(refusal);
        assertThat(runs).hasValue(1);
        assertThat(effects(rolledBack)).as("the failed work's effect rolled back").isZero();
        assertThat(keys("k")).as("the key is released").isZero();

        // a work that throws before it returns releases the key too
        assertThatThrownBy(() -> run("k", hash(12), () -> {
            throw new IllegalStateException("peer unavailable");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(keys("k")).isZero();

        // the next request with the key is evaluated afresh, even with another body
        AtomicInteger next = new AtomicInteger();
        String effect = effect();
        assertThat(run("k", hash(99), work(next, "k", effect, CREATED))).isEqualTo(CREATED);
        assertThat(next).hasValue(1);
        assertThat(effects(effect)).isEqualTo(1);
    }

    @Test
    void aReplayIsTheStoredResponseStatusBodyAndLocationUnchangedAndMarkedReplayed() {
        AtomicInteger runs = new AtomicInteger();
        Response fresh = run("created", hash(12), work(runs, "created", effect(), CREATED));
        assertThat(fresh).isEqualTo(CREATED);
        assertThat(fresh.replayed()).isFalse();
        for (int i = 0; i < 3; i++) {
            Response again = run("created", hash(12), mustNotRun());
            assertThat(again.replayed()).isTrue();
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(CREATED.body());
            assertThat(again.location()).isEqualTo(CREATED.location());
        }
        assertThat(runs).hasValue(1);

        // a stored refusal (a decision about the request) is replayed the same way, without a location
        Response refused = new Response(409, "{\"status\":409,\"detail\":\"the amount exceeds your balance\"}", null, false);
        assertThat(run("refused", hash(12), work(new AtomicInteger(), "refused", effect(), refused))).isEqualTo(refused);
        assertThat(run("refused", hash(12), mustNotRun())).isEqualTo(replayed(refused));
    }

    @Test
    void theSameKeyWithAnotherRequestIs422AndTheStoredResponseStays() {
        run("k", hash(12), work(new AtomicInteger(), "k", effect(), CREATED));
        for (String other : List.of(hash(13), idempotency.hash("POST /test/others", Map.of("amount", 12L)))) {
            assertThatThrownBy(() -> run("k", other, mustNotRun()))
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.UNPROCESSABLE))
                    .hasMessageContaining("Idempotency-Key");
        }
        assertThat(run("k", hash(12), mustNotRun())).isEqualTo(replayed(CREATED));
        assertThat(keys("k")).isEqualTo(1);
    }

    @Test
    void aSlowFirstRequestWhoseClaimWasTakenOverCannotCompleteAndItsEffectRollsBack() throws Exception {
        AtomicInteger slowRuns = new AtomicInteger();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        String slowEffect = effect();
        Response slowResponse = new Response(201, "{\"id\":\"slow\"}", "/test/things/slow", false);
        CompletableFuture<Response> slow = runAsync("k", hash(12), work(slowRuns, gate, "k", slowEffect, slowResponse));
        await().atMost(Duration.ofSeconds(30)).until(() -> slowRuns.get() == 1);

        // it runs longer than stale-after: a retry takes the claim over and completes
        moveClaimBack("k", staleAfter.plusSeconds(1));
        AtomicInteger retryRuns = new AtomicInteger();
        String retryEffect = effect();
        assertThat(run("k", hash(12), work(retryRuns, "k", retryEffect, CREATED))).isEqualTo(CREATED);
        assertThat(retryRuns).hasValue(1);

        gate.complete(null); // the slow one finally tries to complete
        assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.CONFLICT));
        assertThat(effects(slowEffect)).as("the slow request's effect rolled back").isZero();
        assertThat(effects(retryEffect)).isEqualTo(1);
        assertThat(run("k", hash(12), mustNotRun())).isEqualTo(replayed(CREATED));
        assertThat(keys("k")).isEqualTo(1);
    }

    @Test
    void whicheverOfASlowRequestAndItsTakeoverCompletesFirstOnlyOneEffectIsWritten() throws Exception {
        AtomicInteger slowRuns = new AtomicInteger();
        CompletableFuture<Void> slowGate = new CompletableFuture<>();
        String slowEffect = effect();
        Response slowResponse = new Response(201, "{\"id\":\"slow\"}", "/test/things/slow", false);
        CompletableFuture<Response> slow = runAsync("k", hash(12), work(slowRuns, slowGate, "k", slowEffect, slowResponse));
        await().atMost(Duration.ofSeconds(30)).until(() -> slowRuns.get() == 1);
        moveClaimBack("k", staleAfter.plusSeconds(1));

        AtomicInteger retryRuns = new AtomicInteger();
        CompletableFuture<Void> retryGate = new CompletableFuture<>();
        String retryEffect = effect();
        CompletableFuture<Response> retry = runAsync("k", hash(12), work(retryRuns, retryGate, "k", retryEffect, CREATED));
        await().atMost(Duration.ofSeconds(30)).until(() -> retryRuns.get() == 1);

        // this time the slow one completes first, then the retry
        slowGate.complete(null);
        Response slowOutcome = outcome(slow);
        retryGate.complete(null);
        Response retryOutcome = outcome(retry);

        assertThat(slowOutcome == null ^ retryOutcome == null).as("exactly one of them succeeded").isTrue();
        Response winner = slowOutcome != null ? slowOutcome : retryOutcome;
        assertThat(effects(slowEffect) + effects(retryEffect)).as("exactly one effect").isEqualTo(1);
        assertThat(effects(slowOutcome != null ? slowEffect : retryEffect)).isEqualTo(1);
        assertThat(run("k", hash(12), mustNotRun())).isEqualTo(replayed(winner));
    }

    /** The response, or null when the request failed with a 409 (its effect rolled back). */
    static Response outcome(CompletableFuture<Response> request) throws Exception {
        try {
            return request.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(kindOf(e)).isEqualTo(ExchangeException.Kind.CONFLICT);
            return null;
        }
    }
}
