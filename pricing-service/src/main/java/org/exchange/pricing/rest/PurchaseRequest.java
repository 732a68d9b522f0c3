package org.exchange.pricing.rest;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

public record PurchaseRequest(@NotNull UUID quoteId) {
}
