package org.exchange.consent.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.exchange.consent.service.ChainAudit;
import org.exchange.contract.Roles;

/** For auditors: do all consent histories still verify? Names any broken link. */
@Path("/api/audit/consent-chains")
@RolesAllowed(Roles.AUDITOR)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final ChainAudit audit;

    public AuditResource(ChainAudit audit) {
        this.audit = audit;
    }

    @GET
    public Uni<ChainAudit.Report> verify() {
        return audit.verifyAll();
    }
}
