package org.exchange.kit.events;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness detail {@code events}: whether the broker is reachable and the outbox backlog. Always
 * UP: while the broker is away the API works and the outbox keeps every event (invariant 5), so
 * the service must stay in its load balancer; alerts watch the gauges instead.
 */
@Readiness
@ApplicationScoped
public class EventsHealth implements AsyncHealthCheck {

    private final OutboxMonitor outbox;
    private final BrokerStatus broker;

    public EventsHealth(OutboxMonitor outbox, BrokerStatus broker) {
        this.outbox = outbox;
        this.broker = broker;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("events").up()
                .withData("broker", broker.reachable() ? "reachable" : "unreachable")
                .withData("brokerSince", broker.since().toString());
        if (broker.lastError() != null) {
            health.withData("brokerError", broker.lastError());
        }
        return outbox.backlog().map(b -> health.withData("outboxBacklog", b[0]).withData("outboxOldestSeconds", b[1]).build())
                .onFailure().recoverWithItem(e -> health.withData("outboxBacklog", "unknown: " + e.getMessage()).build());
    }
}
