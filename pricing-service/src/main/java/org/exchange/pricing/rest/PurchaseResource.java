package org.exchange.pricing.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.exchange.contract.Ids;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Headers;
import org.exchange.contract.Problem;
import org.exchange.contract.Roles;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.kit.idempotency.IdempotentResponses;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.exchange.pricing.Purchase;
import org.exchange.pricing.service.LicenceWithdrawalService;
import org.exchange.pricing.service.PurchaseService;

/** Purchases (licences): consumers buy and see their own only; admins refund. */
@Path(PurchaseResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseResource {

    static final String PATH = "/api/purchases";

    private final PurchaseService purchases;
    private final LicenceWithdrawalService withdrawals;
    private final JsonWebToken caller;
    private final ObjectMapper mapper;

    public PurchaseResource(PurchaseService purchases, LicenceWithdrawalService withdrawals, JsonWebToken caller,
                            ObjectMapper mapper) {
        this.purchases = purchases;
        this.withdrawals = withdrawals;
        this.caller = caller;
        this.mapper = mapper;
    }

    /**
     * Buys a quote. The same Idempotency-Key with the same body returns the first response
     * (header {@code Idempotent-Replayed: true}); with another body it is 422; while the first
     * request is still in flight, 409 (docs/idempotency.md).
     */
    @POST
    @RolesAllowed(Roles.CONSUMER)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "the purchase (or the replayed first response)",
            headers = @Header(name = Headers.IDEMPOTENT_REPLAYED, description = "true when this is the stored first "
                    + "response to this Idempotency-Key", schema = @Schema(type = SchemaType.BOOLEAN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurchaseView.class)))
    @APIResponse(responseCode = "409", description = "a request with this Idempotency-Key is still in flight, or the "
            + "quote was bought already, or nobody of it consents any more",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "this Idempotency-Key was used with another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> purchase(
            @HeaderParam(Headers.IDEMPOTENCY_KEY) @NotNull(message = "the Idempotency-Key header is required")
            @Pattern(regexp = Headers.IDEMPOTENCY_KEY_PATTERN, message = Headers.IDEMPOTENCY_KEY_MESSAGE)
            String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid PurchaseRequest request) {
        return purchases.purchase(caller.getSubject(), idempotencyKey, request.quoteId(), this::created)
                .map(IdempotentResponses::of);
    }

    /** The first response to a new purchase: stored with it, and replayed exactly so. */
    private IdempotentRequests.Response created(Purchase p) {
        try {
            return new IdempotentRequests.Response(201, mapper.writeValueAsString(PurchaseView.of(p)),
                    PATH + "/" + p.id, false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("purchase view is not serialisable", e);
        }
    }

    @GET
    @RolesAllowed(Roles.CONSUMER)
    public Uni<PageView<PurchaseView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return purchases.list(caller.getSubject(), page, size).map(found -> new PageView<>(
                found.items().stream().map(PurchaseView::of).toList(), found.page(), found.size(), found.total()));
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
