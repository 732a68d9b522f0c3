package org.exchange.payout.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.exchange.contract.Roles;
import org.exchange.payout.service.LedgerVerifier;

/** The auditor's view: the whole ledger re-verified from its postings. */
@Path("/api/ledger")
@RolesAllowed(Roles.AUDITOR)
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final LedgerVerifier verifier;

    public LedgerResource(LedgerVerifier verifier) {
        this.verifier = verifier;
    }

    @GET
    @Path("/verify")
    public Uni<LedgerVerifier.Report> verify() {
        return verifier.verify();
    }
}
