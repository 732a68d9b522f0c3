package org.exchange.payout.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.exchange.payout.Payout;

@ApplicationScoped
public class PayoutRepository implements PanacheRepositoryBase<Payout, UUID> {

    public Uni<Payout> findOwned(UUID id, String ownerId) {
        return find("id = ?1 and ownerId = ?2", id, ownerId).firstResult();
    }

    public Uni<List<Payout>> pageOf(String ownerId, int page, int size) {
        return find("ownerId", Sort.descending("createdAt").and("id"), ownerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countOf(String ownerId) {
        return count("ownerId", ownerId);
    }
}
