package org.exchange.contract.events.data;

import java.time.Instant;
import java.util.List;

/** The data of {@code dataset.published}, {@code dataset.updated} and {@code dataset.withdrawn}. */
public record DatasetChanged(String datasetId, String providerId, long revision, String title,
                             List<String> categories, List<String> allowedPurposes, String status, Instant at) {
}
