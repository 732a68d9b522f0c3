package org.exchange.catalog.rest;

import java.util.List;
import org.exchange.catalog.Dataset;

/** {@code GET /internal/datasets/{id}}: what pricing needs to know of a dataset. */
public record DatasetFacts(String id, String providerId, long revision, String status, List<String> allowedPurposes) {

    static DatasetFacts of(Dataset d) {
        return new DatasetFacts(d.id.toString(), d.providerId, d.revision, d.status.name(), d.purposeList());
    }
}
