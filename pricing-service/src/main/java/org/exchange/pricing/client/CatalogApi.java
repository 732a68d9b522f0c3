package org.exchange.pricing.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** catalog-service's internal API (role service); the token comes from the OIDC client. */
@RegisterRestClient(configKey = "catalog")
@OidcClientFilter
@Path("/internal/datasets")
public interface CatalogApi {

    @GET
    @Path("/{id}")
    Uni<DatasetFacts> dataset(@PathParam("id") String datasetId);

    @GET
    @Path("/{id}/members")
    Uni<MembersPage> members(@PathParam("id") String datasetId, @QueryParam("after") String after,
                             @QueryParam("limit") int limit);

    record DatasetFacts(String id, String providerId, long revision, String status, List<String> allowedPurposes) {
    }

    record Member(String subjectId, long records) {
    }

    /** One keyset page; {@code next} is the {@code after} of the next page, null on the last. */
    record MembersPage(List<Member> members, String next) {
    }
}
