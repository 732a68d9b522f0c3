package org.exchange.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void bucketsOfClientsThatWentQuietAreDroppedAndTheMapStaysBounded() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(1_000, 5); // refills completely within 5 ms
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 12_000; i++) {
                assertThat(limiter.acquire("client-" + round + "-" + i, "consents")).isZero();
            }
            Thread.sleep(20);
        }
        // 60,000 clients seen, but only the last round's can still be partly drained
        assertThat(limiter.size()).isLessThanOrEqualTo(24_000);
        limiter.sweep();
        assertThat(limiter.size()).isZero();
    }

    @Test
    void aLimitedClientKeepsItsBucketThroughASweep() {
        RateLimiter limiter = new RateLimiter(0.01, 3); // one token per 100 s
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("greedy", "purchases")).isZero();
        }
        assertThat(limiter.acquire("greedy", "purchases")).isPositive();
        limiter.sweep();
        assertThat(limiter.size()).isOne();
        assertThat(limiter.acquire("greedy", "purchases")).as("still limited after the sweep").isPositive();
        assertThat(limiter.acquire("patient", "purchases")).isZero();
    }
}
