package org.exchange.pricing.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.exchange.kit.purpose.KnownPurpose;
import org.exchange.contract.Ids;

public record QuoteRequest(@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String datasetId,
                           @NotNull @KnownPurpose String purpose) {
}
