package org.exchange.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "exchange.gateway")
public interface GatewayConfig {

    /** Base URL of each downstream service by name: consent, catalog, pricing, payout. */
    Map<String, URI> downstream();

    /** How long a downstream may take to answer before the caller gets 504. */
    @WithDefault("15s")
    Duration timeout();

    /** Largest request body accepted; larger is 413 and never reaches a service. */
    @WithDefault("2097152")
    long maxBodyBytes();

    RateLimit rateLimit();

    CircuitBreaker circuitBreaker();

    interface CircuitBreaker {
        /** Failures in a row (unreachable or timed out) that open a downstream's breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open breaker answers 503 at once before letting one trial through. */
        @WithDefault("10s")
        Duration openFor();
    }

    interface RateLimit {
        /** Sustained requests per second per client and route group. */
        @WithDefault("50")
        int perSecond();

        /** Burst allowance above the sustained rate. */
        @WithDefault("100")
        int burst();
    }
}
