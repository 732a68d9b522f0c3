package org.exchange.payout.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** pricing-service's internal purchase API (role service); the token comes from the OIDC client. */
@RegisterRestClient(configKey = "pricing")
@OidcClientFilter
@Path("/internal/purchases")
public interface PricingApi {

    @GET
    @Path("/{id}")
    Uni<PurchaseRecord> purchase(@PathParam("id") String purchaseId);

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Found> lookup(List<String> purchaseIds);

    /** A purchase as pricing holds it. */
    record PurchaseRecord(String purchaseId, String quoteId, String consumerId, String providerId, String datasetId,
                          String purpose, long amount, String currency, int subjects, long records, String status,
                          String cohortRoot, Instant createdAt, Instant refundedAt) {
    }

    record Found(List<PurchaseRecord> purchases) {
    }
}
