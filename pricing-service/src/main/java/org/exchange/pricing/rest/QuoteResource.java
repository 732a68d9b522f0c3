package org.exchange.pricing.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.exchange.contract.Roles;
import org.exchange.pricing.service.QuoteService;

/** Quotes for consumers: what the currently consenting cohort costs, valid for a short while. */
@Path("/api/quotes")
@RolesAllowed(Roles.CONSUMER)
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

    private final QuoteService quotes;
    private final JsonWebToken caller;

    public QuoteResource(QuoteService quotes, JsonWebToken caller) {
        this.quotes = quotes;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "the quote",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QuoteView.class)))
    public Uni<Response> issue(@NotNull(message = "a JSON body is required") @Valid QuoteRequest request) {
        return quotes.issue(caller.getSubject(), request.datasetId(), request.purpose())
                .map(q -> Response.created(URI.create("/api/quotes/" + q.id)).entity(QuoteView.of(q)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<QuoteView> get(@PathParam("id") UUID id) {
        return quotes.get(caller.getSubject(), id).map(QuoteView::of);
    }
}
