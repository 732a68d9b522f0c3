package org.exchange.pricing.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;

/**
 * consent-service over HTTP. Any failure is "unavailable": without the source of truth no
 * cohort is confirmed, so no quote or purchase goes through on stale consent.
 */
@ApplicationScoped
public class HttpConsentClient implements ConsentClient {

    private static final Logger LOG = Logger.getLogger(HttpConsentClient.class);

    private final ConsentApi api;

    public HttpConsentClient(@RestClient ConsentApi api) {
        this.api = api;
    }

    @Override
    public Uni<List<ConsentApi.Confirmed>> confirm(String datasetId, String providerId, String purpose,
                                                  List<String> subjectIds) {
        return api.confirm(new ConsentApi.ConfirmRequest(datasetId, providerId, purpose, subjectIds))
                .map(r -> r.confirmed() == null ? List.<ConsentApi.Confirmed>of() : r.confirmed())
                .onFailure().transform(e -> {
                    LOG.warnf("consent-service confirmation failed: %s", e.toString());
                    return new ExchangeException(ExchangeException.Kind.UNAVAILABLE,
                            "consent-service is unavailable; try again");
                });
    }
}
