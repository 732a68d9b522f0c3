package org.exchange.consent.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.consent.service.SubjectRightsService;
import org.exchange.contract.Roles;

/** The subject's own data rights: export everything held here, or erase it. */
@Path("/api/me")
@RolesAllowed(Roles.SUBJECT)
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    public record ExportView(String subjectId, Instant exportedAt, String service, List<ConsentView> consents,
                             List<HistoryEntryView> history) {
    }

    private final SubjectRightsService rights;
    private final JsonWebToken caller;

    public MeResource(SubjectRightsService rights, JsonWebToken caller) {
        this.rights = rights;
        this.caller = caller;
    }

    @GET
    @Path("/export")
    public Uni<ExportView> export() {
        return rights.export(caller.getSubject()).map(e -> new ExportView(e.subjectId(), e.exportedAt(),
                "consent-service", e.consents().stream().map(ConsentView::of).toList(),
                e.history().stream().map(HistoryEntryView::of).toList()));
    }

    @DELETE
    public Uni<SubjectRightsService.Erasure> erase() {
        return rights.erase(caller.getSubject());
    }
}
