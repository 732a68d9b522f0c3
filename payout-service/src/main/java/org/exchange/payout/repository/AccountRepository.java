package org.exchange.payout.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.exchange.payout.Account;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {
}
