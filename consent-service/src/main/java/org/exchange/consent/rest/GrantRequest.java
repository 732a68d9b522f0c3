package org.exchange.consent.rest;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.exchange.consent.Consent;
import org.exchange.consent.service.ConsentService;
import org.exchange.contract.Ids;
import org.exchange.kit.purpose.KnownPurpose;

/** Body of {@code POST /api/consents}: scope (a provider or one dataset), purpose, categories. */
public record GrantRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String providerId,
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String datasetId,
        @NotNull @KnownPurpose String purpose,
        @NotEmpty @Size(max = 32) List<@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}",
                message = "categories are lower-case ids like health-records") String> dataCategories,
        @Future(message = "must be in the future") Instant expiresAt,
        @PositiveOrZero @Max(value = 100_000_000, message = "must be at most 100000000 minor units")
        Long minPricePerRecord) {

    @AssertTrue(message = "give exactly one of providerId and datasetId")
    public boolean isExactlyOneScope() {
        return (providerId == null) != (datasetId == null);
    }

    /** The grant the service makes of this body: scoped to the dataset when one is named, else to the provider. */
    ConsentService.Grant toGrant() {
        return datasetId != null
                ? new ConsentService.Grant(Consent.ScopeType.DATASET, datasetId, purpose, dataCategories, expiresAt,
                        minPricePerRecord)
                : new ConsentService.Grant(Consent.ScopeType.PROVIDER, providerId, purpose, dataCategories, expiresAt,
                        minPricePerRecord);
    }
}
