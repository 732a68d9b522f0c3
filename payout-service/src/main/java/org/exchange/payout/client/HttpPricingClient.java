package org.exchange.payout.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;

/** pricing over HTTP: 404 means pricing never made that purchase; any other failure, that it is unavailable. */
@ApplicationScoped
public class HttpPricingClient implements PricingClient {

    private static final Logger LOG = Logger.getLogger(HttpPricingClient.class);

    private final PricingApi api;

    public HttpPricingClient(@RestClient PricingApi api) {
        this.api = api;
    }

    @Override
    public Uni<Optional<PricingApi.PurchaseRecord>> purchase(String purchaseId) {
        return api.purchase(purchaseId).map(Optional::of)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .recoverWithItem(Optional.empty())
                .onFailure().transform(HttpPricingClient::unavailable);
    }

    @Override
    public Uni<Map<String, PricingApi.PurchaseRecord>> lookup(List<String> purchaseIds) {
        return api.lookup(purchaseIds)
                .map(found -> found.purchases().stream()
                        .collect(Collectors.toMap(PricingApi.PurchaseRecord::purchaseId, Function.identity())))
                .onFailure().transform(HttpPricingClient::unavailable);
    }

    private static Throwable unavailable(Throwable e) {
        LOG.warnf("pricing-service call failed: %s", e.toString());
        return new ExchangeException(ExchangeException.Kind.UNAVAILABLE, "pricing-service is unavailable; try again");
    }
}
