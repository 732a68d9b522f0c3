package org.exchange.catalog.rest;

import java.util.List;

/** {@code GET /internal/datasets/{id}}: what pricing needs to know of a dataset. */
public record DatasetFacts(String id, String providerId, long revision, String status, List<String> allowedPurposes) {
}
