package org.exchange.payout.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.kit.security.Roles;
import org.exchange.payout.Account;
import org.exchange.payout.config.PayoutConfig;
import org.exchange.payout.repository.AccountRepository;

/** The caller's own earnings: balance per state and the statement. */
@Path("/api/earnings")
@RolesAllowed({Roles.SUBJECT, Roles.PROVIDER})
@Produces(MediaType.APPLICATION_JSON)
public class EarningsResource {

    private final AccountRepository accounts;
    private final PayoutConfig config;
    private final JsonWebToken caller;

    public EarningsResource(AccountRepository accounts, PayoutConfig config, JsonWebToken caller) {
        this.accounts = accounts;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @WithSession
    public Uni<EarningsView> earnings() {
        return accounts.list("ownerId", caller.getSubject()).map(owned -> new EarningsView(config.currency(),
                new EarningsView.Balance(balance(owned, "pending"), balance(owned, "available"),
                        balance(owned, "paid-out")), List.of(), 0, 20, 0));
    }

    private static long balance(List<Account> owned, String suffix) {
        return owned.stream().filter(a -> a.id.endsWith(":" + suffix)).mapToLong(a -> a.balance).sum();
    }
}
