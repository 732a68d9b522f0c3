package org.exchange.payout.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.exchange.payout.Purchase;

@ApplicationScoped
public class PurchaseRepository implements PanacheRepositoryBase<Purchase, String> {

    /** The purchase, row-locked until the transaction ends. */
    public Uni<Purchase> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
