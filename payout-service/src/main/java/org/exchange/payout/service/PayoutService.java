package org.exchange.payout.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.exchange.kit.db.Locks;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Problem;
import org.exchange.payout.Account;
import org.exchange.payout.Payout;
import org.exchange.payout.config.PayoutConfig;
import org.exchange.payout.events.PayoutEvents;
import org.exchange.payout.repository.AccountRepository;
import org.exchange.payout.repository.PayoutRepository;
import org.jboss.logging.Logger;

/**
 * Payouts: REQUESTED -> PROCESSING -> PAID | FAILED. A request reserves its amount (available ->
 * processing) in the same transaction that creates it, under a per-owner lock, so racing requests
 * can never overdraw; a paid payout moves it to paid-out, a failed one returns it to available.
 * Requests are idempotent per caller and key through the kit's IdempotentRequests
 * (docs/idempotency.md): the first response (status and body) is stored and replayed; the same
 * key with another amount is a 422, a request still in flight a 409.
 */
@ApplicationScoped
public class PayoutService {

    private static final Logger LOG = Logger.getLogger(PayoutService.class);

    /** The owner on whose balance a caller acts: a subject's or a provider's earnings. */
    public record Payee(String kind, String id) {
    }

    private final PayoutRepository payouts;
    private final AccountRepository accounts;
    private final Ledger ledger;
    private final PayoutEvents events;
    private final PaymentRail rail;
    private final PayoutConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry meters;
    private final IdempotentRequests idempotency;

    public PayoutService(PayoutRepository payouts, AccountRepository accounts, Ledger ledger, PayoutEvents events,
                         PaymentRail rail, PayoutConfig config, ObjectMapper mapper, Clock clock, MeterRegistry meters,
                         IdempotentRequests idempotency) {
        this.payouts = payouts;
        this.accounts = accounts;
        this.ledger = ledger;
        this.events = events;
        this.rail = rail;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.meters = meters;
        this.idempotency = idempotency;
    }

    /**
     * Requests a payout once per (payee, Idempotency-Key), through the kit's IdempotentRequests:
     * the first response, {@code accepted} of the new payout or the 409 of an amount above the
     * balance, is stored with its effect and replayed; an invalid amount stores nothing.
     */
    public Uni<IdempotentRequests.Response> request(Payee payee, String idempotencyKey, long amount, String path,
                                                    Function<Payout, IdempotentRequests.Response> accepted) {
        String hash = idempotency.hash("POST " + path, Map.of("amount", amount));
        return idempotency.run(payee.id(), idempotencyKey, hash, () -> Panache.withTransaction(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (amount < config.minimumPayout()) {
                throw ExchangeException.invalid("the minimum payout is " + config.minimumPayout()
                        + " minor units of " + config.currency());
            }
            if (amount > config.maximumPayout()) {
                throw ExchangeException.invalid("the maximum payout is " + config.maximumPayout()
                        + " minor units of " + config.currency());
            }
            return lockOwner(payee.id())
                    .chain(() -> accounts.lockedBalance(payee.kind(), payee.id(), Account.AVAILABLE))
                    .chain(available -> amount > available ? rejected(available, path)
                            : create(payee, amount, now).map(accepted))
                    .call(response -> idempotency.complete(payee.id(), idempotencyKey, response));
        }));
    }

    private Uni<IdempotentRequests.Response> rejected(long available, String path) {
        meters.counter("exchange.payouts", "status", "REJECTED").increment();
        Problem problem = Problem.of(409, "Conflict", "the amount exceeds your available balance of " + available
                + " minor units").at(path);
        return Uni.createFrom().item(new IdempotentRequests.Response(409, json(problem), null, false));
    }

    private Uni<Payout> create(Payee payee, long amount, Instant now) {
        Payout p = new Payout();
        p.id = UUID.randomUUID();
        p.ownerKind = payee.kind();
        p.ownerId = payee.id();
        p.amount = amount;
        p.currency = config.currency();
        p.status = Payout.Status.REQUESTED;
        p.createdAt = now;
        p.updatedAt = now;
        return payouts.persist(p)
                .chain(() -> ledger.open(Ledger.Kind.PAYOUT_RESERVE, p.id.toString()))
                .chain(txId -> ledger.post(txId, List.of(
                        new Ledger.Leg(payee.kind(), payee.id(), Account.AVAILABLE, -amount),
                        new Ledger.Leg(payee.kind(), payee.id(), Account.PROCESSING, amount))))
                .chain(() -> events.payoutChanged(p, now))
                .invoke(() -> meters.counter("exchange.payouts", "status", "REQUESTED").increment())
                .replaceWith(p);
    }

    @WithSession
    public Uni<Payout> get(String ownerId, UUID id) {
        return payouts.findOwned(id, ownerId).onItem().ifNull().failWith(() -> ExchangeException.notFound("payout " + id));
    }

    @WithSession
    public Uni<PageView<Payout>> list(String ownerId, int page, int size) {
        return payouts.pageOf(ownerId, page, size)
                .chain(items -> payouts.countOf(ownerId).map(total -> new PageView<>(items, page, size, total)));
    }

    // --- processing ---------------------------------------------------------------------------

    /**
     * Hands requested payouts (and ones stuck in PROCESSING past the timeout, e.g. after a crash)
     * to the rail, one at a time; emits how many were settled.
     */
    public Uni<Integer> processDue(int limit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                                UPDATE payout SET status = 'PROCESSING', updated_at = ?1
                                 WHERE id IN (SELECT id FROM payout
                                               WHERE status = 'REQUESTED' OR (status = 'PROCESSING' AND updated_at < ?2)
                                               ORDER BY created_at LIMIT ?3 FOR UPDATE SKIP LOCKED)
                                RETURNING id, owner_id, amount, currency""", Object[].class)
                        .setParameter(1, now).setParameter(2, now.minus(config.processingTimeout()))
                        .setParameter(3, limit).getResultList()))
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(row -> settle(new PaymentRail.Transfer(
                                row[0] instanceof UUID id ? id : UUID.fromString(row[0].toString()), (String) row[1], ((Number) row[2]).longValue(), (String) row[3])))
                        .collect().asList().map(List::size));
    }

    private Uni<Void> settle(PaymentRail.Transfer transfer) {
        Context context = Vertx.currentContext();
        return rail.transfer(transfer)
                // the rail may answer on another thread: come back to this context for the database
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(outcome -> Panache.withTransaction(() -> apply(transfer, outcome)));
    }

    private Uni<Void> apply(PaymentRail.Transfer transfer, PaymentRail.Outcome outcome) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return lockOwner(transfer.ownerId())
                .chain(() -> payouts.findById(transfer.payoutId(), LockModeType.PESSIMISTIC_WRITE))
                .chain(p -> {
                    if (p.status != Payout.Status.PROCESSING) {
                        return Uni.createFrom().voidItem(); // settled meanwhile by another replica
                    }
                    Ledger.Kind kind = outcome.paid() ? Ledger.Kind.PAYOUT_SETTLE : Ledger.Kind.PAYOUT_RETURN;
                    String target = outcome.paid() ? Account.PAID_OUT : Account.AVAILABLE;
                    return ledger.open(kind, p.id.toString())
                            .chain(txId -> ledger.post(txId, List.of(
                                    new Ledger.Leg(p.ownerKind, p.ownerId, Account.PROCESSING, -p.amount),
                                    new Ledger.Leg(p.ownerKind, p.ownerId, target, p.amount))))
                            .invoke(() -> {
                                p.status = outcome.paid() ? Payout.Status.PAID : Payout.Status.FAILED;
                                p.railReference = outcome.reference();
                                p.failureReason = outcome.reason();
                                p.updatedAt = now;
                            })
                            .chain(() -> events.payoutChanged(p, now))
                            .invoke(() -> {
                                meters.counter("exchange.payouts", "status", p.status.name()).increment();
                                LOG.infof("payout %s: %s", p.id, p.status);
                            });
                });
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Serialises one owner's payout requests and settlements until the transaction ends. */
    private static Uni<Void> lockOwner(String ownerId) {
        return Locks.exclusive("payout:" + ownerId);
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serialisable", e);
        }
    }
}
