package org.exchange.payout.rest;

import java.time.Instant;
import java.util.List;
import org.exchange.payout.service.EarningsService;

/**
 * A subject's or provider's balance and statement lines, in minor units of {@code currency}.
 * {@code processing} is what is reserved for payouts in flight (neither available nor paid out yet).
 */
public record EarningsView(String currency, Balance balance, List<Line> lines, int page, int size, long total) {

    public static EarningsView of(EarningsService.Statement s) {
        EarningsService.Balance b = s.balance();
        return new EarningsView(s.currency(), new Balance(b.pending(), b.available(), b.processing(), b.paidOut()),
                s.lines().stream().map(l -> new Line(l.purchaseId(), l.datasetId(), l.purpose(), l.buyerId(), l.weight(),
                        l.amount(), l.status(), l.at(), l.as())).toList(), s.page(), s.size(), s.total());
    }

    public record Balance(long pending, long available, long processing, long paidOut) {
    }

    /**
     * @param weight a subject's records in the cohort; for a provider, all records of the purchase
     * @param status PENDING (on hold), AVAILABLE, VOIDED (refunded on hold) or REVERSED (refunded after)
     * @param as     {@code subject} or {@code provider}: in which role the caller earned it
     */
    public record Line(String purchaseId, String datasetId, String purpose, String buyerId, long weight, long amount,
                       String status, Instant at, String as) {
    }
}
