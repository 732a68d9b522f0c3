package org.exchange.payout.rest;

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
import org.exchange.contract.Roles;
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

    public PayoutResource(PayoutService payouts, JsonWebToken caller) {
        this.payouts = payouts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> request(
            @HeaderParam("Idempotency-Key") @NotBlank(message = "the Idempotency-Key header is required")
            @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 visible ASCII characters")
            String idempotencyKey,
            @NotNull(message = "a JSON body is required") @Valid PayoutRequest request) {
        return payouts.request(Callers.payee(caller), idempotencyKey, request.amount(), PATH)
                .map(stored -> Response.status(stored.status())
                        .type(stored.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", String.valueOf(stored.replayed()))
                        .entity(stored.body()).build());
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
