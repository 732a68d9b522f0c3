package org.exchange.consent.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers pricing's question at quote and purchase time straight from the source of truth: one
 * indexed query per batch of subjects, reading committed state, so a revocation acknowledged to
 * the subject is visible to every confirmation that starts after it. A subject with both a
 * dataset-scoped and a provider-scoped consent is confirmed once, by the dataset-scoped one.
 */
@ApplicationScoped
public class CohortConfirmation {

    /** A subject who consents, with the consent (id and version) that covers the use. */
    public record Confirmed(String subjectId, UUID consentId, long version, Long minPricePerRecord) {
    }

    private static final String QUERY = """
            SELECT DISTINCT ON (subject_id) subject_id, id, version, min_price_per_record
            FROM consent
            WHERE subject_id = ANY($1) AND purpose = $2 AND status = 'GIVEN'
              AND (expires_at IS NULL OR expires_at > $5)
              AND ((scope_type = 'DATASET' AND scope_id = $3) OR (scope_type = 'PROVIDER' AND scope_id = $4))
            ORDER BY subject_id, (scope_type = 'DATASET') DESC""";

    private final Pool pool;
    private final Clock clock;

    public CohortConfirmation(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Which of {@code subjectIds} consent now to {@code purpose} for the dataset (or its provider). */
    public Uni<List<Confirmed>> confirm(String datasetId, String providerId, String purpose, List<String> subjectIds) {
        String[] subjects = subjectIds.stream().distinct().toArray(String[]::new);
        return pool.preparedQuery(QUERY)
                .execute(Tuple.of(subjects, purpose, datasetId, providerId, clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Confirmed> confirmed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        confirmed.add(new Confirmed(row.getString("subject_id"), row.getUUID("id"),
                                row.getLong("version"), row.getLong("min_price_per_record")));
                    }
                    return confirmed;
                });
    }
}
