package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tests swap the rail for a scripted one; the simulated rail production uses must still be a valid bean. */
@QuarkusTest
class SimulatedRailWiringTest {

    @Inject
    SimulatedRail simulated;

    @Test
    void theSimulatedRailIsABeanConfiguredFromTheMappingAndAnswers() {
        PaymentRail.Outcome outcome = simulated.transfer(new PaymentRail.Transfer(UUID.randomUUID(), "owner", 1000, "EUR"))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(outcome.paid() ? outcome.reference() : outcome.reason()).isNotBlank();
    }
}
