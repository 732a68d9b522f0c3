package org.exchange.payout.rest;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** {@code POST /api/payouts}: how much to pay out, in whole minor units of the settlement currency. */
public record PayoutRequest(@NotNull(message = "amount is required") @Positive(message = "amount must be positive")
                            @JsonDeserialize(using = MinorUnits.class) Long amount) {
}
