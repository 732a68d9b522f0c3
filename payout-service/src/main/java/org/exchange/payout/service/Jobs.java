package org.exchange.payout.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** The timed work: releasing held earnings and paying out requests (the kit forgets old idempotency keys). */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class);

    private final PurchaseRelease releases;
    private final PayoutService payouts;
    private final Clock clock;

    public Jobs(PurchaseRelease releases, PayoutService payouts, Clock clock) {
        this.releases = releases;
        this.payouts = payouts;
        this.clock = clock;
    }

    @Scheduled(every = "${exchange.payout.release-interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> release() {
        return releases.releaseDue(clock.instant(), 50)
                .onFailure().invoke(e -> LOG.warnf("releasing held earnings failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${exchange.payout.process-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> process() {
        return payouts.processDue(50)
                .onFailure().invoke(e -> LOG.warnf("processing payouts failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
