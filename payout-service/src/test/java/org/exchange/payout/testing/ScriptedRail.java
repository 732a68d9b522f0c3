package org.exchange.payout.testing;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.exchange.payout.service.PaymentRail;

/**
 * The payment rail in tests: pays, except for owners a test marked as declined; counts transfers
 * per payout so tests can check that no payout is sent to the rail as two different payments.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ScriptedRail implements PaymentRail {

    private final Set<String> declined = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();

    public void decline(String ownerId) {
        declined.add(ownerId);
    }

    public int calls(UUID payoutId) {
        AtomicInteger n = calls.get(payoutId);
        return n == null ? 0 : n.get();
    }

    @Override
    public Uni<Outcome> transfer(Transfer t) {
        calls.computeIfAbsent(t.payoutId(), id -> new AtomicInteger()).incrementAndGet();
        return Uni.createFrom().item(declined.contains(t.ownerId())
                ? Outcome.declined("declined by the test rail") : Outcome.paid("test-" + t.payoutId()));
    }
}
