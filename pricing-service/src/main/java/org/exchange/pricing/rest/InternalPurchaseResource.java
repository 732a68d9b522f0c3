package org.exchange.pricing.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.Ids;
import org.exchange.kit.rest.PathParams;
import org.exchange.contract.Roles;
import org.exchange.pricing.service.PurchaseService;

/**
 * Service-to-service only (role {@code service}, not routed by the gateway): a purchase as
 * pricing holds it, so that payout books only purchases pricing really made (and the ledger
 * check can reconcile every booked one), and a purchase's pinned cohort in pages.
 */
@Path("/internal/purchases")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalPurchaseResource {

    /** Ids per lookup: the ledger check pages through every booked purchase with this. */
    static final int MAX_LOOKUP = 1000;

    private final PurchaseService purchases;

    public InternalPurchaseResource(PurchaseService purchases) {
        this.purchases = purchases;
    }

    @GET
    @Path("/{id}")
    public Uni<PurchaseRecord> purchase(@PathParam("id") String id) {
        return purchases.any(PathParams.uuidOrNotFound(id, "purchase")).map(PurchaseRecord::of);
    }

    /**
     * The purchases of {@code ids} that pricing holds; ids it never made (including ids that are
     * not even UUIDs, which pricing never hands out) are simply absent.
     */
    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PurchaseRecord.Found> lookup(@NotNull @Size(max = MAX_LOOKUP) List<@NotNull String> ids) {
        List<UUID> uuids = ids.stream().map(InternalPurchaseResource::uuidOrNull).filter(java.util.Objects::nonNull)
                .toList();
        return purchases.all(uuids).map(found -> new PurchaseRecord.Found(found.stream().map(PurchaseRecord::of).toList()));
    }

    private static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GET
    @Path("/{id}/cohort")
    public Uni<CohortPage> cohort(@PathParam("id") UUID id,
                                  @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String after,
                                  @QueryParam("limit") @DefaultValue("5000") @Min(1) @Max(50_000) int limit) {
        return purchases.any(id).chain(p -> purchases.cohort(p.id, after, limit))
                .map(members -> CohortPage.of(members, limit));
    }
}
