package org.exchange.catalog.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.repository.DatasetRepository;
import org.exchange.kit.rest.PageView;

/** The catalog: every authenticated caller may search it. */
@Path("/api/datasets")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetRepository datasets;

    public DatasetResource(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    @GET
    @WithSession
    public Uni<PageView<DatasetView>> search(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                             @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return datasets.find("status", Sort.by("createdAt").and("id"), Dataset.Status.PUBLISHED)
                .page(Page.of(page, size)).list()
                .chain(items -> datasets.count("status", Dataset.Status.PUBLISHED)
                        .map(total -> new PageView<>(items.stream().map(DatasetView::of).toList(), page, size, total)));
    }
}
