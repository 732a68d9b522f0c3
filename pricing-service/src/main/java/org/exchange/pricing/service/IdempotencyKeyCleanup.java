package org.exchange.pricing.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Forgets idempotency keys after the retention (at least a day, as Stripe promises). */
@ApplicationScoped
public class IdempotencyKeyCleanup {

    private final PurchaseService purchases;

    public IdempotencyKeyCleanup(PurchaseService purchases) {
        this.purchases = purchases;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return purchases.forgetOldKeys().replaceWithVoid();
    }
}
