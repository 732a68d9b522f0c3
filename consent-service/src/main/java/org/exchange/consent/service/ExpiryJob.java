package org.exchange.consent.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.exchange.consent.config.ConsentConfig;

/** Expires consents past their {@code expiresAt} without anyone calling, each with its event. */
@ApplicationScoped
public class ExpiryJob {

    private final ConsentService service;
    private final ConsentConfig config;

    public ExpiryJob(ConsentService service, ConsentConfig config) {
        this.service = service;
        this.config = config;
    }

    @Scheduled(every = "${exchange.consent.expiry-interval:10s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return service.expireDue(config.expiryBatch()).replaceWithVoid();
    }
}
