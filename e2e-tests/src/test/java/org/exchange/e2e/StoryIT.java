package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The whole story of ./exchange demo as a test: every step checks its own result. */
class StoryIT {

    @Test
    void theWholeStoryPlaysThroughTheGatewayWithRealTokens() {
        Story.Outcome outcome = new Story(System.out::println).play();
        assertThat(outcome.amount()).isEqualTo(3000);
        assertThat(outcome.payoutStatus()).isIn("PAID", "FAILED");
    }
}
