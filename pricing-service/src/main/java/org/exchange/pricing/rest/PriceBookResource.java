package org.exchange.pricing.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.contract.Ids;
import org.exchange.contract.Roles;
import org.exchange.pricing.PriceBook;
import org.exchange.pricing.service.PriceBookService;
import org.exchange.pricing.service.PricingRule;

/** A dataset's price book: its provider sets it (each PUT is a new version), everyone reads it. */
@Path("/api/datasets/{id}/price")
@Produces(MediaType.APPLICATION_JSON)
public class PriceBookResource {

    private final PriceBookService priceBooks;
    private final JsonWebToken caller;

    public PriceBookResource(PriceBookService priceBooks, JsonWebToken caller) {
        this.priceBooks = priceBooks;
        this.caller = caller;
    }

    @PUT
    @RolesAllowed(Roles.PROVIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PriceBookView> put(@PathParam("id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id,
                                  @NotNull(message = "a JSON body is required") @Valid PriceBookRequest request) {
        return priceBooks.put(caller.getSubject(), id, request.currency(), terms(request)).map(this::view);
    }

    @GET
    @Authenticated
    public Uni<PriceBookView> get(@PathParam("id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String id) {
        return priceBooks.current(id).map(this::view);
    }

    private PriceBookView view(PriceBook book) {
        return PriceBookView.of(book, priceBooks.terms(book));
    }

    static PricingRule.Terms terms(PriceBookRequest r) {
        return new PricingRule.Terms(r.pricePerRecord(), r.minimumPrice(),
                r.purposeMultipliers() == null ? Map.of() : r.purposeMultipliers(),
                r.volumeTiers() == null ? List.of() : r.volumeTiers().stream()
                        .map(t -> new PricingRule.VolumeTier(t.fromRecords(), t.multiplierBps())).toList());
    }
}
