package org.exchange.pricing.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** consent-service's cohort confirmation (role service): who consents right now. */
@RegisterRestClient(configKey = "consent")
@OidcClientFilter
@Path("/internal/consents")
public interface ConsentApi {

    /** consent-service accepts at most this many subject ids per call. */
    int MAX_SUBJECTS = 20_000;

    @POST
    @Path("/confirm")
    Uni<ConfirmResponse> confirm(ConfirmRequest request);

    record ConfirmRequest(String datasetId, String providerId, String purpose, List<String> subjectIds) {
    }

    record Confirmed(String subjectId, String consentId, long version, Long minPricePerRecord) {
    }

    record ConfirmResponse(List<Confirmed> confirmed) {
    }
}
