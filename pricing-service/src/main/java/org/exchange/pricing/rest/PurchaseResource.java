package org.exchange.pricing.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.exchange.contract.Ids;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Roles;
import org.exchange.pricing.service.LicenceWithdrawalService;
import org.exchange.pricing.service.PurchaseService;

/** Purchases (licences): consumers buy and see their own only; admins refund. */
@Path("/api/purchases")
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseResource {

    static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";

    private final PurchaseService purchases;
    private final LicenceWithdrawalService withdrawals;
    private final JsonWebToken caller;

    public PurchaseResource(PurchaseService purchases, LicenceWithdrawalService withdrawals, JsonWebToken caller) {
        this.purchases = purchases;
        this.withdrawals = withdrawals;
        this.caller = caller;
    }

    /**
     * Buys a quote. The same Idempotency-Key with the same body returns the first response
     * (header {@code Idempotent-Replayed: true}); with a different body it is a 409.
     */
    @POST
    @RolesAllowed(Roles.CONSUMER)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "the purchase (or the replayed first response)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurchaseView.class)))
    public Uni<Response> purchase(
            @HeaderParam("Idempotency-Key") @NotNull(message = "the Idempotency-Key header is required")
            @Pattern(regexp = KEY_PATTERN, message = "must be 1 to 255 printable ASCII characters") String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid PurchaseRequest request) {
        return purchases.purchase(caller.getSubject(), idempotencyKey, request.quoteId())
                .map(o -> Response.status(o.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(o.body())
                        .location(URI.create("/api/purchases/" + o.purchaseId()))
                        .header("Idempotent-Replayed", String.valueOf(o.replayed()))
                        .build());
    }

    @GET
    @RolesAllowed(Roles.CONSUMER)
    public Uni<PageView<PurchaseView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return purchases.list(caller.getSubject(), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.CONSUMER)
    public Uni<PurchaseView> get(@PathParam("id") UUID id) {
        return purchases.own(caller.getSubject(), id).map(PurchaseView::of);
    }

    /** The licence's pinned cohort (who, how many records, under which consent), in keyset pages. */
    @GET
    @Path("/{id}/cohort")
    @RolesAllowed(Roles.CONSUMER)
    public Uni<CohortPage> cohort(@PathParam("id") UUID id,
                                  @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String after,
                                  @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit) {
        return purchases.own(caller.getSubject(), id)
                .chain(p -> purchases.cohort(p.id, after, limit))
                .map(members -> CohortPage.of(members, limit));
    }

    /** Subjects of this licence who withdrew consent since (GDPR Art. 19): stop using their records. */
    @GET
    @Path("/{id}/withdrawals")
    @RolesAllowed(Roles.CONSUMER)
    public Uni<PageView<LicenceWithdrawalService.Withdrawal>> withdrawals(
            @PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return purchases.own(caller.getSubject(), id)
                .chain(p -> withdrawals.of(p.id, page, size)
                        .chain(items -> withdrawals.count(p.id).map(total -> new PageView<>(items, page, size, total))));
    }

    @POST
    @Path("/{id}/refund")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PurchaseView> refund(@PathParam("id") UUID id, @Valid RefundRequest request) {
        return purchases.refund(id, request == null ? null : request.reason()).map(PurchaseView::of);
    }
}
