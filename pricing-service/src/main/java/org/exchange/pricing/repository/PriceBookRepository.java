package org.exchange.pricing.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.exchange.pricing.PriceBook;

@ApplicationScoped
public class PriceBookRepository implements PanacheRepositoryBase<PriceBook, PriceBook.Key> {

    public Uni<PriceBook> current(String datasetId) {
        return find("datasetId", Sort.descending("version"), datasetId).firstResult();
    }

    public Uni<PriceBook> version(String datasetId, long version) {
        return findById(new PriceBook.Key(datasetId, version));
    }
}
