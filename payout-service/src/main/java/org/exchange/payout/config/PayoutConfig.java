package org.exchange.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "exchange.payout")
public interface PayoutConfig {

    /** The deployment's one settlement currency (ISO 4217). */
    @WithDefault("EUR")
    String currency();
}
