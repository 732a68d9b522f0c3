package org.exchange.pricing.client;

import io.smallrye.mutiny.Uni;

/** What pricing asks catalog; an interface so that tests can model catalog in memory. */
public interface CatalogClient {

    /** The dataset's current facts; fails NOT_FOUND when catalog does not know it. */
    Uni<CatalogApi.DatasetFacts> dataset(String datasetId);

    /** One keyset page of the dataset's members, ordered by subject id. */
    Uni<CatalogApi.MembersPage> members(String datasetId, String after, int limit);
}
