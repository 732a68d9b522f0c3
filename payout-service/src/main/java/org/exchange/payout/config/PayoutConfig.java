package org.exchange.payout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "exchange.payout")
public interface PayoutConfig {

    /** The deployment's one settlement currency (ISO 4217). */
    @WithDefault("EUR")
    String currency();

    /** The platform's fee, in basis points of the purchase amount (1000 = 10 %). */
    @WithDefault("1000")
    int platformFeeBps();

    /** The provider's share, in basis points of the purchase amount (2000 = 20 %). */
    @WithDefault("2000")
    int providerShareBps();

    /** How long earnings stay pending (refundable) before they become available. */
    @WithDefault("P7D")
    Duration holdPeriod();

    /** How often due purchases are released from hold. */
    @WithDefault("5s")
    String releaseInterval();

    /** The smallest payout a caller may request, in minor units. */
    @WithDefault("1000")
    long minimumPayout();

    /** The largest single payout, in minor units (a guard against typos and overflow). */
    @WithDefault("100000000000")
    long maximumPayout();

    /** How often requested payouts are handed to the payment rail. */
    @WithDefault("1s")
    String processInterval();

    /** A payout PROCESSING for longer than this (a crash mid-call) is sent to the rail again. */
    @WithDefault("PT2M")
    Duration processingTimeout();

    Rail rail();

    interface Rail {
        /** Share of payouts the simulated rail declines, in percent (0-100). */
        @WithDefault("5")
        int failurePercent();

        /** How long the simulated rail takes per transfer. */
        @WithDefault("PT0.2S")
        Duration delay();
    }
}
