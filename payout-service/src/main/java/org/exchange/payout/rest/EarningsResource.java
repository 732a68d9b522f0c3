package org.exchange.payout.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.contract.Roles;
import org.exchange.payout.service.EarningsService;

/** The caller's own earnings: balance per state and the statement, newest first. */
@Path("/api/earnings")
@RolesAllowed({Roles.SUBJECT, Roles.PROVIDER})
@Produces(MediaType.APPLICATION_JSON)
public class EarningsResource {

    private final EarningsService earnings;
    private final JsonWebToken caller;

    public EarningsResource(EarningsService earnings, JsonWebToken caller) {
        this.earnings = earnings;
        this.caller = caller;
    }

    @GET
    public Uni<EarningsView> earnings(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return earnings.of(caller.getSubject(), Callers.kinds(caller), page, size).map(EarningsView::of);
    }
}
