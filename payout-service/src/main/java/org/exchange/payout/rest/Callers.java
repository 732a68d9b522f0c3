package org.exchange.payout.rest;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.contract.Roles;
import org.exchange.payout.Account;
import org.exchange.payout.service.PayoutService;

/** Which of the caller's own balances a request acts on; the id is always the token's sub. */
final class Callers {

    private Callers() {
    }

    /** The payee kinds the caller's roles give access to. */
    static List<String> kinds(JsonWebToken caller) {
        List<String> kinds = new ArrayList<>(2);
        if (caller.getGroups().contains(Roles.SUBJECT)) {
            kinds.add(Account.SUBJECT);
        }
        if (caller.getGroups().contains(Roles.PROVIDER)) {
            kinds.add(Account.PROVIDER);
        }
        return kinds;
    }

    /** A payout draws on the subject balance, or the provider balance for a caller who is only a provider. */
    static PayoutService.Payee payee(JsonWebToken caller) {
        List<String> kinds = kinds(caller);
        return new PayoutService.Payee(kinds.isEmpty() ? Account.SUBJECT : kinds.get(0), caller.getSubject());
    }
}
