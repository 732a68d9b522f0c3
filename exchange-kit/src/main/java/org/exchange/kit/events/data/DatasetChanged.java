package org.exchange.kit.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** The data of {@code dataset.published}, {@code dataset.updated} and {@code dataset.withdrawn}. */
@RegisterForReflection
public record DatasetChanged(String datasetId, String providerId, long revision, String title,
                             List<String> categories, List<String> allowedPurposes, String status, Instant at) {
}
