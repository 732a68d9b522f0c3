package org.exchange.consent.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.exchange.consent.service.CohortConfirmation;
import org.exchange.contract.Roles;

/**
 * Service-to-service only (role {@code service}, never routed by the gateway): pricing confirms a
 * cohort against current consent at quote and purchase time.
 */
@Path("/internal/consents")
@RolesAllowed(Roles.SERVICE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalConsentResource {

    private final CohortConfirmation confirmation;

    public InternalConsentResource(CohortConfirmation confirmation) {
        this.confirmation = confirmation;
    }

    @POST
    @Path("/confirm")
    public Uni<ConfirmResponse> confirm(@NotNull(message = "a JSON body is required") @Valid ConfirmRequest request) {
        return confirmation.confirm(request.datasetId(), request.providerId(), request.purpose(), request.subjectIds())
                .map(ConfirmResponse::of);
    }
}
