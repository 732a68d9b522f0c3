package org.exchange.payout.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import org.exchange.payout.Account;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    public Uni<List<Account>> ofOwner(String ownerId, List<String> kinds) {
        return list("ownerId = ?1 and ownerKind in ?2", ownerId, kinds);
    }

    /** The balance of one account, row-locked until the transaction ends; 0 when it does not exist yet. */
    public Uni<Long> lockedBalance(String ownerKind, String ownerId, String type) {
        return findById(Account.idOf(ownerKind, ownerId, type), LockModeType.PESSIMISTIC_WRITE)
                .map(a -> a == null ? 0L : a.balance);
    }
}
