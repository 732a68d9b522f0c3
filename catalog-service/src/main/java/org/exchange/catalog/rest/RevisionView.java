package org.exchange.catalog.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.DatasetRevision;

/** A kept revision of a dataset, as the owner sees it. */
public record RevisionView(long revision, String change, String status, String title, String description,
                           List<String> categories, List<String> allowedPurposes, Map<String, String> schema,
                           String licenceTerms, Instant changedAt) {

    static RevisionView of(DatasetRevision r) {
        return new RevisionView(r.revision, r.change, r.status, r.title, r.description, Dataset.split(r.categories),
                Dataset.split(r.allowedPurposes), Dataset.schemaOf(r.recordSchema), r.licenceTerms, r.changedAt);
    }
}
