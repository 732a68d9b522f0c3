package org.exchange.payout.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.kit.security.Roles;
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
    public Uni<EarningsView> earnings(@QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        return earnings.of(caller.getSubject(), Callers.kinds(caller), paging.page(), paging.size());
    }
}
