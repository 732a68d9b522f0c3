package org.exchange.consent.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.consent.Consent;
import org.exchange.consent.service.ConsentService;
import org.exchange.consent.service.ReceiptService;
import org.exchange.kit.purpose.KnownPurpose;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.rest.PathParams;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Roles;

/**
 * A subject's own consents. The subject is always the token's {@code sub}; another subject's
 * consent is answered exactly like one that does not exist (404), so nothing leaks.
 */
@Path("/api/consents")
@RolesAllowed(Roles.SUBJECT)
@Produces(MediaType.APPLICATION_JSON)
public class ConsentResource {

    private final ConsentService service;
    private final ReceiptService receipts;
    private final JsonWebToken caller;

    public ConsentResource(ConsentService service, ReceiptService receipts, JsonWebToken caller) {
        this.service = service;
        this.receipts = receipts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> grant(@NotNull(message = "a JSON body is required") @Valid GrantRequest request) {
        return service.grant(caller.getSubject(), request.toGrant())
                .map(c -> Response.created(URI.create("/api/consents/" + c.id)).entity(ConsentView.of(c)).build());
    }

    @GET
    public Uni<PageView<ConsentView>> list(@QueryParam("status") String status,
                                           @QueryParam("purpose") @KnownPurpose String purpose,
                                           @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
                                           @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return service.list(caller.getSubject(), parseStatus(status), purpose, page, size)
                .map(p -> new PageView<>(p.items().stream().map(ConsentView::of).toList(), p.page(), p.size(),
                        p.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<ConsentView> get(@PathParam("id") String id) {
        return service.get(caller.getSubject(), PathParams.uuidOrNotFound(id, "consent")).map(ConsentView::of);
    }

    @GET
    @Path("/{id}/history")
    public Uni<List<HistoryEntryView>> history(@PathParam("id") String id) {
        return service.history(caller.getSubject(), PathParams.uuidOrNotFound(id, "consent"))
                .map(entries -> entries.stream().map(HistoryEntryView::of).toList());
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<ConsentView> revoke(@PathParam("id") String id) {
        return service.revoke(caller.getSubject(), PathParams.uuidOrNotFound(id, "consent")).map(ConsentView::of);
    }

    /** A signed receipt of the consent's current version, or of {@code version}. */
    @GET
    @Path("/{id}/receipt")
    public Uni<ReceiptService.Receipt> receipt(@PathParam("id") String id,
                                               @QueryParam("version") @Min(1) Long version) {
        return receipts.receipt(caller.getSubject(), PathParams.uuidOrNotFound(id, "consent"), version);
    }

    private static Consent.Status parseStatus(String status) {
        if (status == null) {
            return null;
        }
        try {
            return Consent.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ExchangeException.invalid("status must be one of GIVEN, WITHDRAWN, EXPIRED, INVALIDATED");
        }
    }
}
