package org.exchange.consent.rest;

import java.time.Instant;
import java.util.List;
import org.exchange.consent.Consent;

/** A consent as the API shows it. */
public record ConsentView(String id, String subjectId, String providerId, String datasetId, String purpose,
                          List<String> dataCategories, String status, long version, Instant expiresAt,
                          Long minPricePerRecord, Instant createdAt, Instant updatedAt) {

    static ConsentView of(Consent c) {
        boolean provider = c.scopeType == Consent.ScopeType.PROVIDER;
        return new ConsentView(c.id.toString(), c.subjectId, provider ? c.scopeId : null, provider ? null : c.scopeId,
                c.purpose, c.categories(), c.status.name(), c.version, c.expiresAt, c.minPricePerRecord, c.createdAt,
                c.updatedAt);
    }
}
