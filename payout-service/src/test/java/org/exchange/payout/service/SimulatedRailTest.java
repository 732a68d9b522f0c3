package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimulatedRailTest {

    static PaymentRail.Outcome pay(SimulatedRail rail, UUID id) {
        return rail.transfer(new PaymentRail.Transfer(id, "owner", 1000, "EUR")).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void declinesRoughlyTheConfiguredShareOfTransfers() {
        Random random = new Random(7);
        SimulatedRail rail = new SimulatedRail(30, Duration.ZERO, () -> random.nextInt(100));
        int declined = 0;
        for (int i = 0; i < 10_000; i++) {
            if (!pay(rail, UUID.randomUUID()).paid()) {
                declined++;
            }
        }
        assertThat(declined).isBetween(2_700, 3_300);
    }

    @Test
    void zeroPercentAlwaysPaysAndHundredPercentAlwaysDeclines() {
        Random random = new Random(7);
        SimulatedRail never = new SimulatedRail(0, Duration.ZERO, () -> random.nextInt(100));
        SimulatedRail always = new SimulatedRail(100, Duration.ZERO, () -> random.nextInt(100));
        for (int i = 0; i < 1000; i++) {
            assertThat(pay(never, UUID.randomUUID()).paid()).isTrue();
            PaymentRail.Outcome o = pay(always, UUID.randomUUID());
            assertThat(o.paid()).isFalse();
            assertThat(o.reason()).isNotBlank();
        }
    }

    @Test
    void askingAgainForTheSamePayoutAnswersTheFirstOutcome() {
        Random random = new Random(11);
        SimulatedRail rail = new SimulatedRail(50, Duration.ZERO, () -> random.nextInt(100));
        for (int i = 0; i < 200; i++) {
            UUID id = UUID.randomUUID();
            PaymentRail.Outcome first = pay(rail, id);
            for (int again = 0; again < 5; again++) {
                assertThat(pay(rail, id)).isEqualTo(first);
            }
        }
    }

    @Test
    void aFailureRateOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new SimulatedRail(101, Duration.ZERO, () -> 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SimulatedRail(-1, Duration.ZERO, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
