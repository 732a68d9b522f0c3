package org.exchange.consent.rest;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.exchange.kit.purpose.KnownPurpose;
import org.exchange.contract.Ids;

/**
 * Body of the internal cohort confirmation: which of these subjects consent, right now, to this
 * purpose for this dataset (by a dataset-scoped or a provider-scoped consent)?
 */
public record ConfirmRequest(
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String datasetId,
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String providerId,
        @NotNull @KnownPurpose String purpose,
        @NotEmpty @Size(max = ConfirmRequest.MAX_SUBJECTS, message = "at most 20000 subjects per call; page larger cohorts")
        List<@NotNull String> subjectIds) {

    public static final int MAX_SUBJECTS = 20_000;

    @AssertTrue(message = "subject ids must be ids of at most 100 characters")
    public boolean isEverySubjectIdShort() {
        return subjectIds == null || subjectIds.stream().allMatch(s -> s != null && !s.isEmpty() && s.length() <= 100);
    }
}
