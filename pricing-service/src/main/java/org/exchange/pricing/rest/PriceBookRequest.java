package org.exchange.pricing.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.exchange.kit.purpose.KnownPurpose;

/**
 * Body of {@code PUT /api/datasets/{id}/price}. Bounds keep every amount the rule can produce
 * exactly representable (docs/pricing-rule.md); anything larger is a 400, never an overflow.
 */
public record PriceBookRequest(
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotNull @Min(1) @Max(MAX_PRICE_PER_RECORD) Long pricePerRecord,
        @Size(max = 20) Map<@NotNull @KnownPurpose String, @NotNull @Min(1) @Max(MAX_MULTIPLIER_BPS) Integer> purposeMultipliers,
        @NotNull @Min(0) @Max(MAX_MINIMUM_PRICE) Long minimumPrice,
        @Size(max = 10, message = "at most 10 volume tiers") List<@NotNull @Valid Tier> volumeTiers) {

    public static final long MAX_PRICE_PER_RECORD = 1_000_000_000L;
    public static final long MAX_MULTIPLIER_BPS = 100_000L;
    public static final long MAX_MINIMUM_PRICE = 1_000_000_000_000_000L;
    public static final long MAX_TIER_FROM = 1_000_000_000_000L;

    /** Records from the {@code fromRecords}-th on cost x multiplierBps/10000 (a discount: at most x1). */
    public record Tier(@NotNull @Min(1) @Max(MAX_TIER_FROM) Long fromRecords,
                       @NotNull @Min(1) @Max(10_000) Integer multiplierBps) {
    }

    @AssertTrue(message = "volume tiers must have strictly ascending fromRecords")
    public boolean isVolumeTiersAscending() {
        if (volumeTiers == null) {
            return true;
        }
        long previous = 0;
        for (Tier t : volumeTiers) {
            if (t == null || t.fromRecords() == null) {
                return true; // reported by the element constraints
            }
            if (t.fromRecords() <= previous) {
                return false;
            }
            previous = t.fromRecords();
        }
        return true;
    }
}
