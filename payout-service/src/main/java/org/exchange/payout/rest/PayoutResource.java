package org.exchange.payout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.kit.rest.PathParams;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Problem;
import org.exchange.contract.Headers;
import org.exchange.contract.Roles;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.kit.idempotency.IdempotentResponses;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.exchange.payout.Payout;
import org.exchange.payout.service.PayoutService;

/**
 * The caller's own payouts. Another owner's payout is answered exactly like one that does not
 * exist (404). {@code POST} needs an {@code Idempotency-Key}; its first response is replayed.
 */
@Path("/api/payouts")
@RolesAllowed({Roles.SUBJECT, Roles.PROVIDER})
@Produces(MediaType.APPLICATION_JSON)
public class PayoutResource {

    static final String PATH = "/api/payouts";

    private final PayoutService payouts;
    private final JsonWebToken caller;
    private final ObjectMapper mapper;

    public PayoutResource(PayoutService payouts, JsonWebToken caller, ObjectMapper mapper) {
        this.payouts = payouts;
        this.caller = caller;
        this.mapper = mapper;
    }

    /**
     * Requests a payout. The same Idempotency-Key with the same body returns the first response
     * (header {@code Idempotent-Replayed: true}), a 202 or the 409 of an amount above the balance;
     * with another body it is 422; while the first is still in flight, 409 (docs/idempotency.md).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "the payout requested (or the replayed first response)",
            headers = @Header(name = Headers.IDEMPOTENT_REPLAYED, description = "true when this is the stored first "
                    + "response to this Idempotency-Key", schema = @Schema(type = SchemaType.BOOLEAN)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PayoutView.class)))
    @APIResponse(responseCode = "409", description = "the amount exceeds the available balance (stored and replayed), "
            + "or a request with this Idempotency-Key is still in flight",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "this Idempotency-Key was used with another request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> request(
            @HeaderParam(Headers.IDEMPOTENCY_KEY) @NotBlank(message = "the Idempotency-Key header is required")
            @Pattern(regexp = Headers.IDEMPOTENCY_KEY_PATTERN, message = Headers.IDEMPOTENCY_KEY_MESSAGE)
            String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid PayoutRequest request) {
        return payouts.request(Callers.payee(caller), idempotencyKey, request.amount(), PATH, this::accepted)
                .map(IdempotentResponses::of);
    }

    /** The first response to a new payout: stored with it, and replayed exactly so. */
    private IdempotentRequests.Response accepted(Payout p) {
        try {
            return new IdempotentRequests.Response(202, mapper.writeValueAsString(PayoutView.of(p)), PATH + "/" + p.id,
                    false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payout view is not serialisable", e);
        }
    }

    @GET
    public Uni<PageView<PayoutView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return payouts.list(caller.getSubject(), page, size)
                .map(p -> new PageView<>(p.items().stream().map(PayoutView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<PayoutView> get(@PathParam("id") String id) {
        return payouts.get(caller.getSubject(), PathParams.uuidOrNotFound(id, "payout")).map(PayoutView::of);
    }
}
