package org.exchange.payout.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.exchange.payout.config.PayoutConfig;

/**
 * The local payment rail: pays after a configurable delay and declines a configurable share of
 * transfers at random. Like a real rail it is idempotent by payout id: asking again answers the
 * first outcome (remembered in memory, which is enough for a simulation).
 */
@ApplicationScoped
public class SimulatedRail implements PaymentRail {

    private final int failurePercent;
    private final Duration delay;
    private final IntSupplier dice;
    private final Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();

    @Inject
    public SimulatedRail(PayoutConfig config) {
        this(config.rail().failurePercent(), config.rail().delay(), () -> ThreadLocalRandom.current().nextInt(100));
    }

    SimulatedRail(int failurePercent, Duration delay, IntSupplier dice) {
        if (failurePercent < 0 || failurePercent > 100) {
            throw new IllegalArgumentException("exchange.payout.rail.failure-percent must be within 0..100");
        }
        this.failurePercent = failurePercent;
        this.delay = delay;
        this.dice = dice;
    }

    @Override
    public Uni<Outcome> transfer(Transfer t) {
        Outcome outcome = outcomes.computeIfAbsent(t.payoutId(), id -> dice.getAsInt() < failurePercent
                ? Outcome.declined("the simulated rail declined the transfer")
                : Outcome.paid("sim-" + id));
        Uni<Outcome> answer = Uni.createFrom().item(outcome);
        return delay.isZero() ? answer : answer.onItem().delayIt().by(delay);
    }
}
