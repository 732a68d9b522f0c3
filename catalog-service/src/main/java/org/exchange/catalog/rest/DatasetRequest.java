package org.exchange.catalog.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.exchange.catalog.service.DatasetService;
import org.exchange.kit.purpose.KnownPurpose;

/**
 * Body of {@code POST /api/datasets} and {@code PUT /api/datasets/{id}} (a full replacement).
 *
 * @param schema the record schema: field name to field type, in the order the provider gave
 */
public record DatasetRequest(
        @NotBlank(message = "must not be empty") @Size(max = 200) String title,
        @NotBlank(message = "must not be empty") @Size(max = 10_000) String description,
        @NotEmpty @Size(max = 32) List<@NotNull @Pattern(regexp = CATEGORY,
                message = "categories are lower-case ids like health-records") String> categories,
        @NotEmpty @Size(max = 16) List<@NotNull @KnownPurpose String> allowedPurposes,
        @NotEmpty @Size(max = 500) Map<@Pattern(regexp = FIELD_NAME, message = "field names are letters, digits and _,"
                + " starting with a letter (at most 64)") String,
                @NotNull @Pattern(regexp = FIELD_TYPES, message = "field type must be one of " + FIELD_TYPES) String> schema,
        @NotBlank(message = "must not be empty") @Size(max = 50_000) String licenceTerms) {

    static final String CATEGORY = "[a-z0-9][a-z0-9-]{0,63}";
    static final String FIELD_NAME = "[A-Za-z][A-Za-z0-9_]{0,63}";
    public static final String FIELD_TYPES =
            "string|integer|number|decimal|boolean|date|date-time|time|duration|uuid|binary|json";

    DatasetService.Content toContent() {
        return new DatasetService.Content(title, description, categories, allowedPurposes, schema, licenceTerms);
    }
}
