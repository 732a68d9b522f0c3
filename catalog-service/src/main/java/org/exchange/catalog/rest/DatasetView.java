package org.exchange.catalog.rest;

import java.time.Instant;
import java.util.List;
import org.exchange.catalog.Dataset;

/** A dataset as the API shows it. */
public record DatasetView(String id, String providerId, String title, String description, List<String> categories,
                          List<String> allowedPurposes, long revision, String status, Instant createdAt,
                          Instant updatedAt) {

    static DatasetView of(Dataset d) {
        return new DatasetView(d.id.toString(), d.providerId, d.title, d.description, d.categoryList(),
                d.purposeList(), d.revision, d.status.name(), d.createdAt, d.updatedAt);
    }
}
