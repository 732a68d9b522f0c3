package org.exchange.pricing.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.kit.rest.PageView;
import org.exchange.kit.security.Roles;
import org.exchange.pricing.repository.PurchaseRepository;

/** A consumer's own purchases (licences); nobody sees another consumer's. */
@Path("/api/purchases")
@RolesAllowed(Roles.CONSUMER)
@Produces(MediaType.APPLICATION_JSON)
public class PurchaseResource {

    private final PurchaseRepository purchases;
    private final JsonWebToken caller;

    public PurchaseResource(PurchaseRepository purchases, JsonWebToken caller) {
        this.purchases = purchases;
        this.caller = caller;
    }

    @GET
    @WithSession
    public Uni<PageView<PurchaseView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        String consumer = caller.getSubject();
        return purchases.find("consumerId", Sort.descending("createdAt").and("id"), consumer)
                .page(Page.of(page, size)).list()
                .chain(items -> purchases.count("consumerId", consumer)
                        .map(total -> new PageView<>(items.stream().map(PurchaseView::of).toList(), page, size, total)));
    }
}
