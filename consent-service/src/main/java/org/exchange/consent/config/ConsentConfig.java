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

    Receipt receipt();

    interface Receipt {
        /**
         * PEM file with the RSA key that signs consent receipts; created on first start when
         * missing (locally). In Kubernetes it is mounted from a Secret.
         */
        @WithDefault(".exchange/keys/consent-receipt-key.pem")
        String keyFile();

        /** The jurisdiction the receipts name. */
        @WithDefault("EU")
        String jurisdiction();

        /** The controller of record named on receipts (the exchange operating the platform). */
        @WithDefault("Personal Data Exchange")
        String controller();

        @WithDefault("privacy@exchange.invalid")
        String controllerContact();

        @WithDefault("https://exchange.invalid/privacy")
        String policyUrl();
    }
}
