package org.exchange.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "exchange.consent")
public interface ConsentConfig {

    /** How often expired consents are looked for (used by the scheduler expression). */
    @WithDefault("10s")
    String expiryInterval();

    /** At most this many consents expire per run. */
    @WithDefault("500")
    int expiryBatch();
}
