package org.exchange.catalog.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.service.CatalogQueryService;
import org.exchange.catalog.service.DatasetService;
import org.exchange.catalog.service.MembershipService;
import org.exchange.kit.purpose.KnownPurpose;
import org.exchange.kit.service.ExchangeException;
import org.exchange.contract.Ids;
import org.exchange.kit.rest.PathParams;
import org.exchange.kit.service.PageView;
import org.exchange.contract.Roles;

/**
 * The catalog. Every authenticated caller searches and reads it; providers write their own
 * datasets only. The provider is always the token's {@code sub}: another provider's dataset is
 * answered on every write endpoint exactly like one that does not exist (404).
 */
@Path("/api/datasets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetService datasets;
    private final MembershipService membership;
    private final CatalogQueryService queries;
    private final JsonWebToken caller;

    public DatasetResource(DatasetService datasets, MembershipService membership, CatalogQueryService queries,
                           JsonWebToken caller) {
        this.datasets = datasets;
        this.membership = membership;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    public Uni<PageView<DatasetView>> search(@QueryParam("q") String q,
                                             @QueryParam("category") @Pattern(regexp = DatasetRequest.CATEGORY,
                                                     message = "categories are lower-case ids like health-records")
                                             String category,
                                             @QueryParam("purpose") @KnownPurpose String purpose,
                                             @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                                             @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size,
                                             @QueryParam("sort") String sort) {
        if (q != null && q.length() > 500) {
            throw ExchangeException.invalid("q must be at most 500 characters");
        }
        return queries.search(q, category, purpose, sort, page, size)
                .map(p -> new PageView<>(p.items().stream().map(DatasetView::of).toList(), p.page(), p.size(),
                        p.total()));
    }

    @GET
    @Path("/{id}")
    public Uni<DatasetView> get(@PathParam("id") String id) {
        return queries.view(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset")).map(DatasetView::of);
    }

    @POST
    @RolesAllowed(Roles.PROVIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(@NotNull(message = "a JSON body is required") @Valid DatasetRequest request) {
        return datasets.publish(caller.getSubject(), request.toContent())
                .chain(this::view)
                .map(v -> Response.created(URI.create("/api/datasets/" + v.id())).entity(v).build());
    }

    /** A full replacement: the dataset becomes exactly the body, at the next revision. */
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.PROVIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DatasetView> replace(@PathParam("id") String id,
                                    @NotNull(message = "a JSON body is required") @Valid DatasetRequest request) {
        return datasets.replace(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset"), request.toContent())
                .chain(this::view);
    }

    @POST
    @Path("/{id}/withdraw")
    @RolesAllowed(Roles.PROVIDER)
    public Uni<DatasetView> withdraw(@PathParam("id") String id) {
        return datasets.withdraw(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset")).chain(this::view);
    }

    @GET
    @Path("/{id}/revisions")
    @RolesAllowed(Roles.PROVIDER)
    public Uni<List<RevisionView>> revisions(@PathParam("id") String id) {
        return datasets.revisions(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset"))
                .map(revisions -> revisions.stream().map(RevisionView::of).toList());
    }

    /** Adds or updates members: {@code [{subjectId, records}]}, up to 10,000 rows; re-sending is harmless. */
    @POST
    @Path("/{id}/subjects")
    @RolesAllowed(Roles.PROVIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MembershipResult> declare(@PathParam("id") String id, List<MemberRow> rows) {
        return membership.declare(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset"), MemberRow.toRows(rows))
                .map(MembershipResult::of);
    }

    /** Removes members: {@code [subjectId, ...]}, up to 10,000 ids. */
    @DELETE
    @Path("/{id}/subjects")
    @RolesAllowed(Roles.PROVIDER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<MembershipResult> remove(@PathParam("id") String id, List<String> subjectIds) {
        return membership.remove(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset"), subjectIds)
                .map(MembershipResult::of);
    }

    /** The owner's members, by subject id ascending, {@code limit} at a time from after {@code after}. */
    @GET
    @Path("/{id}/subjects")
    @RolesAllowed(Roles.PROVIDER)
    public Uni<MembersPage> members(@PathParam("id") String id,
                                    @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)
                                    String after,
                                    @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit) {
        return membership.page(caller.getSubject(), PathParams.uuidOrNotFound(id, "dataset"), after, limit)
                .map(MembersPage::of);
    }

    private Uni<DatasetView> view(Dataset d) {
        return queries.listings(List.of(d)).map(listings -> DatasetView.of(listings.get(0)));
    }
}
