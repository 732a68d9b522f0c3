package org.exchange.payout.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * {@code POST /api/payouts}: how much to pay out, in whole minor units of the settlement currency
 * (a JSON integer: the kit's StrictWholeNumbers refuses {@code 10.5} and {@code "10"}).
 */
public record PayoutRequest(@NotNull(message = "amount is required") @Positive(message = "amount must be positive")
                            Long amount) {
}
