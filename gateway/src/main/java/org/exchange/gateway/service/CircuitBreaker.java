package org.exchange.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import org.exchange.gateway.config.GatewayConfig;

/**
 * One breaker per downstream: after {@code failureThreshold} failures in a row it opens and the
 * gateway answers 503 at once for {@code openFor}; then one trial request is let through
 * (half-open), and its outcome closes or reopens the breaker. A down service costs callers no
 * waiting and the other services keep working.
 */
@ApplicationScoped
public class CircuitBreaker {

    private final int threshold;
    private final long openNanos;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreaker(GatewayConfig config) {
        this.threshold = config.circuitBreaker().failureThreshold();
        this.openNanos = config.circuitBreaker().openFor().toNanos();
    }

    /** May a request go to {@code downstream} now? */
    public boolean allow(String downstream) {
        State s = states.computeIfAbsent(downstream, d -> new State());
        synchronized (s) {
            if (s.failures < threshold) {
                return true;
            }
            long now = System.nanoTime();
            if (now - s.openedAt >= openNanos && !s.trialInFlight) {
                s.trialInFlight = true; // half-open: one trial
                return true;
            }
            return false;
        }
    }

    public void succeeded(String downstream) {
        State s = states.computeIfAbsent(downstream, d -> new State());
        synchronized (s) {
            s.failures = 0;
            s.trialInFlight = false;
        }
    }

    public void failed(String downstream) {
        State s = states.computeIfAbsent(downstream, d -> new State());
        synchronized (s) {
            s.failures++;
            s.trialInFlight = false;
            if (s.failures >= threshold) {
                s.openedAt = System.nanoTime();
            }
        }
    }

    private static final class State {
        int failures;
        long openedAt;
        boolean trialInFlight;
    }
}
