package org.exchange.pricing.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.exchange.kit.rest.Ids;
import org.exchange.kit.security.Roles;
import org.exchange.pricing.service.PurchaseService;

/**
 * Service-to-service only (role {@code service}, not routed by the gateway): payout can fetch a
 * purchase's pinned cohort in pages instead of (or to repair) the purchase.cohort events.
 */
@Path("/internal/purchases/{id}/cohort")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalPurchaseResource {

    private final PurchaseService purchases;

    public InternalPurchaseResource(PurchaseService purchases) {
        this.purchases = purchases;
    }

    @GET
    public Uni<CohortPage> cohort(@PathParam("id") UUID id,
                                  @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String after,
                                  @QueryParam("limit") @DefaultValue("5000") @Min(1) @Max(50_000) int limit) {
        return purchases.any(id).chain(p -> purchases.cohort(p.id, after, limit))
                .map(members -> CohortPage.of(members, limit));
    }
}
