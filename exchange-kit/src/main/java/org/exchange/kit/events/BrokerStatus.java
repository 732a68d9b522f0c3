package org.exchange.kit.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether this service reaches the Kafka broker, as its outbox relay and a periodic probe see it.
 * Readiness does not depend on it (the outbox holds the events while the broker is away, and the
 * API keeps working): it is shown in the readiness detail and as the gauge
 * {@code exchange.kafka.broker.reachable} (1 yes, 0 no), for alerts and dashboards.
 */
@ApplicationScoped
public class BrokerStatus {

    private final Clock clock;
    private final Map<String, Object> kafkaConfig;
    private volatile boolean reachable = true;
    private volatile Instant since;
    private volatile String lastError;
    private volatile Admin admin;

    public BrokerStatus(Clock clock, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                        MeterRegistry meters) {
        this.clock = clock;
        this.kafkaConfig = kafkaConfig;
        this.since = clock.instant();
        Gauge.builder("exchange.kafka.broker.reachable", this, s -> s.reachable ? 1 : 0)
                .description("1 when the Kafka broker answered the last send or probe").register(meters);
    }

    public boolean reachable() {
        return reachable;
    }

    public Instant since() {
        return since;
    }

    public String lastError() {
        return lastError;
    }

    void acknowledged() {
        update(true, null);
    }

    void sendFailed(Throwable e) {
        update(false, e.toString());
    }

    private void update(boolean now, String error) {
        if (now != reachable) {
            since = clock.instant();
        }
        reachable = now;
        lastError = now ? null : error;
    }

    /** Asks the broker to describe the cluster (the relay alone says nothing while the outbox is empty). */
    @Scheduled(every = "${exchange.events.broker-probe-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS);
            update(true, null);
        } catch (Exception e) {
            update(false, e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause().toString() : e.toString());
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put("client.id", "broker-probe-" + config.getOrDefault("client.id", "exchange"));
            config.put("request.timeout.ms", 3000);
            config.put("default.api.timeout.ms", 4000);
            admin = Admin.create(config);
        }
        return admin;
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
