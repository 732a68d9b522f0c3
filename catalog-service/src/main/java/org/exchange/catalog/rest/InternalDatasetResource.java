package org.exchange.catalog.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.exchange.catalog.service.CatalogQueryService;
import org.exchange.catalog.service.MembershipService;
import org.exchange.contract.Ids;
import org.exchange.kit.rest.PathParams;
import org.exchange.contract.Roles;

/**
 * Service-to-service only (role {@code service}, never routed by the gateway): pricing reads a
 * dataset's facts and walks its members to build a cohort.
 */
@Path("/internal/datasets")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalDatasetResource {

    private final CatalogQueryService queries;
    private final MembershipService membership;

    public InternalDatasetResource(CatalogQueryService queries, MembershipService membership) {
        this.queries = queries;
        this.membership = membership;
    }

    /** Withdrawn datasets are answered too (status WITHDRAWN): pricing decides what that means. */
    @GET
    @Path("/{id}")
    public Uni<DatasetFacts> dataset(@PathParam("id") String id) {
        return queries.facts(PathParams.uuidOrNotFound(id, "dataset")).map(DatasetFacts::of);
    }

    /** Members by subject id ascending after {@code after}; {@code next} is null on the last page. */
    @GET
    @Path("/{id}/members")
    public Uni<MembersPage> members(@PathParam("id") String id,
                                    @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
                                    String after,
                                    @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(50_000) int limit) {
        UUID datasetId = PathParams.uuidOrNotFound(id, "dataset");
        return queries.facts(datasetId).chain(facts -> membership.membersPage(datasetId, after, limit))
                .map(MembersPage::of);
    }
}
