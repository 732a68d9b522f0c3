package org.exchange.pricing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "exchange.pricing")
public interface PricingConfig {

    /** The deployment's settlement currency (ISO 4217); every price book must use it. */
    @WithDefault("EUR")
    String currency();

    /** How long a quote can be purchased. */
    @WithDefault("PT15M")
    Duration quoteValidity();

    /** How long a purchased licence lasts. */
    @WithDefault("P365D")
    Duration licenceValidity();


    /** Members asked from catalog per page (catalog accepts 1..50,000). */
    @WithDefault("50000")
    int membersPageSize();

    /** Subject ids sent to consent-service per confirmation call (it accepts at most 20,000). */
    @WithDefault("20000")
    int confirmBatchSize();
}
