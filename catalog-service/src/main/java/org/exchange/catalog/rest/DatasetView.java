package org.exchange.catalog.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.service.CatalogQueryService;

/**
 * A dataset as the API shows it, with its declared members and, per allowed purpose, the members
 * whose current consent covers that purpose.
 */
public record DatasetView(String id, String providerId, String title, String description, List<String> categories,
                          List<String> allowedPurposes, Map<String, String> schema, String licenceTerms,
                          long revision, String status, Instant createdAt, Instant updatedAt, MembersTotal members,
                          List<ConsentingView> consenting) {

    static DatasetView of(CatalogQueryService.Listing listing) {
        Dataset d = listing.dataset();
        return new DatasetView(d.id.toString(), d.providerId, d.title, d.description, d.categoryList(),
                d.purposeList(), d.schema(), d.licenceTerms, d.revision, d.status.name(), d.createdAt, d.updatedAt,
                new MembersTotal(listing.members().subjects(), listing.members().records()),
                listing.consenting().stream().map(c -> new ConsentingView(c.purpose(), c.subjects(), c.records()))
                        .toList());
    }
}
