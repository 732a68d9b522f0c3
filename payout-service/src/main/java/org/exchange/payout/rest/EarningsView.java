package org.exchange.payout.rest;

import java.util.List;

/** A subject's or provider's balance and statement lines, in minor units. */
public record EarningsView(String currency, Balance balance, List<Line> lines, int page, int size, long total) {

    public record Balance(long pending, long available, long paidOut) {
    }

    public record Line(String purchaseId, String datasetId, String purpose, String buyerId, long weight, long amount,
                       String status, java.time.Instant at) {
    }
}
