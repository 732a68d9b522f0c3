package org.exchange.pricing.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;

/** catalog over HTTP: 404 means no such dataset, anything else failing means catalog is unavailable. */
@ApplicationScoped
public class HttpCatalogClient implements CatalogClient {

    private static final Logger LOG = Logger.getLogger(HttpCatalogClient.class);

    private final CatalogApi api;

    public HttpCatalogClient(@RestClient CatalogApi api) {
        this.api = api;
    }

    @Override
    public Uni<CatalogApi.DatasetFacts> dataset(String datasetId) {
        return api.dataset(datasetId).onFailure().transform(e -> translate(e, "dataset " + datasetId));
    }

    @Override
    public Uni<CatalogApi.MembersPage> members(String datasetId, String after, int limit) {
        return api.members(datasetId, after, limit).onFailure().transform(e -> translate(e, "dataset " + datasetId));
    }

    static Throwable translate(Throwable e, String what) {
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
            return ExchangeException.notFound(what);
        }
        LOG.warnf("catalog-service call failed: %s", e.toString());
        return new ExchangeException(ExchangeException.Kind.UNAVAILABLE, "catalog-service is unavailable; try again");
    }
}
