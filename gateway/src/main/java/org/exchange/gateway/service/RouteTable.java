package org.exchange.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.exchange.contract.Roles;

/**
 * The public API of PRODUCT.md and who may call each part. Checked here before any request is
 * proxied; every service checks its own roles again (defence in depth).
 */
@ApplicationScoped
public class RouteTable {

    /** No token at all: public documents (keys, schemas). Limited per client address instead. */
    public static final Set<String> PUBLIC = Set.of("(public)");
    private static final Set<String> ANY = Set.of();
    private static final Set<String> SUBJECT = Set.of(Roles.SUBJECT);
    private static final Set<String> PROVIDER = Set.of(Roles.PROVIDER);
    private static final Set<String> CONSUMER = Set.of(Roles.CONSUMER);
    private static final Set<String> EARNER = Set.of(Roles.SUBJECT, Roles.PROVIDER);
    private static final Set<String> AUDITOR = Set.of(Roles.AUDITOR);
    private static final Set<String> ADMIN = Set.of(Roles.ADMIN);
    private static final String ID = "[^/]+";

    private final List<Route> routes = List.of(
            Route.of("purposes", "/api/purposes", "consent", Map.of("GET", ANY)),
            Route.of("consents", "/api/consents(/" + ID + "(/(history|revoke|receipt))?)?", "consent",
                    Map.of("GET", SUBJECT, "POST", SUBJECT)),
            Route.of("consent-audit", "/api/audit/consent-chains", "consent", Map.of("GET", AUDITOR)),
            Route.of("receipt-keys", "/api/receipts/keys", "consent", Map.of("GET", PUBLIC)),
            Route.of("event-schemas", "/api/events/schemas/" + ID, "consent", Map.of("GET", PUBLIC)),
            Route.of("me", "/api/me(/export)?", "consent", Map.of("GET", SUBJECT, "DELETE", SUBJECT)),
            Route.of("prices", "/api/datasets/" + ID + "/price", "pricing", Map.of("PUT", PROVIDER, "GET", ANY)),
            Route.of("datasets", "/api/datasets(/" + ID + "(/(withdraw|subjects|revisions))?)?", "catalog",
                    Map.of("GET", ANY, "POST", PROVIDER, "PUT", PROVIDER, "DELETE", PROVIDER)),
            Route.of("quotes", "/api/quotes(/" + ID + ")?", "pricing", Map.of("GET", CONSUMER, "POST", CONSUMER)),
            Route.of("refunds", "/api/purchases/" + ID + "/refund", "pricing", Map.of("POST", ADMIN)),
            Route.of("purchases", "/api/purchases(/" + ID + "(/(cohort|withdrawals))?)?", "pricing",
                    Map.of("GET", CONSUMER, "POST", CONSUMER)),
            Route.of("earnings", "/api/earnings", "payout", Map.of("GET", EARNER)),
            Route.of("payouts", "/api/payouts(/" + ID + ")?", "payout", Map.of("GET", EARNER, "POST", EARNER)),
            Route.of("ledger", "/api/ledger/verify", "payout", Map.of("GET", AUDITOR)));

    public Optional<Route> match(String path) {
        return routes.stream().filter(r -> r.matches(path)).findFirst();
    }

    public List<Route> all() {
        return routes;
    }
}
