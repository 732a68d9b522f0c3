package org.exchange.pricing.client;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** What pricing asks consent-service; an interface so that tests can model consent in memory. */
public interface ConsentClient {

    /** Which of {@code subjectIds} (at most {@link ConsentApi#MAX_SUBJECTS}) consent right now. */
    Uni<List<ConsentApi.Confirmed>> confirm(String datasetId, String providerId, String purpose,
                                           List<String> subjectIds);
}
