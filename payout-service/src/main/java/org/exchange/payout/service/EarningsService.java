package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.exchange.payout.Account;
import org.exchange.payout.config.PayoutConfig;
import org.exchange.payout.repository.AccountRepository;

/** A payee's balance per state and its statement: one line per purchase that used its data or dataset. */
@ApplicationScoped
public class EarningsService {

    /** A payee's balances per state and one page of its statement, in minor units of {@code currency}. */
    public record Statement(String currency, Balance balance, List<Line> lines, int page, int size, long total) {
    }

    public record Balance(long pending, long available, long processing, long paidOut) {
    }

    /** A purchase that used the payee's data or dataset, and what the payee earned of it {@code as} subject or provider. */
    public record Line(String purchaseId, String datasetId, String purpose, String buyerId, long weight, long amount,
                       String status, Instant at, String as) {
    }

    private final AccountRepository accounts;
    private final PayoutConfig config;

    public EarningsService(AccountRepository accounts, PayoutConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    @WithSession
    public Uni<Statement> of(String ownerId, List<String> kinds, int page, int size) {
        if (kinds.isEmpty()) {
            return Uni.createFrom().item(new Statement(config.currency(), new Balance(0, 0, 0, 0),
                    List.of(), page, size, 0));
        }
        return accounts.ofOwner(ownerId, kinds).chain(owned -> lines(ownerId, kinds, page, size)
                .chain(lines -> total(ownerId, kinds).map(total -> new Statement(config.currency(),
                        new Balance(sum(owned, Account.PENDING), sum(owned, Account.AVAILABLE),
                                sum(owned, Account.PROCESSING), sum(owned, Account.PAID_OUT)),
                        lines, page, size, total))));
    }

    private Uni<List<Line>> lines(String ownerId, List<String> kinds, int page, int size) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT e.purchase_id, p.dataset_id, p.purpose, p.consumer_id, e.weight, e.amount, p.status, p.split_at,
                               e.owner_kind
                          FROM earning e JOIN purchase p ON p.id = e.purchase_id
                         WHERE e.owner_id = ?1 AND e.owner_kind IN (?2)
                         ORDER BY p.split_at DESC, e.purchase_id, e.owner_kind
                         LIMIT ?3 OFFSET ?4""", Object[].class)
                .setParameter(1, ownerId).setParameter(2, kinds).setParameter(3, size)
                .setParameter(4, (long) page * size).getResultList())
                .map(rows -> rows.stream().map(r -> new Line((String) r[0], (String) r[1], (String) r[2],
                        (String) r[3], ((Number) r[4]).longValue(), ((Number) r[5]).longValue(), (String) r[6],
                        instant(r[7]), (String) r[8])).toList());
    }

    private Uni<Long> total(String ownerId, List<String> kinds) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM earning WHERE owner_id = ?1 AND owner_kind IN (?2)", Long.class)
                .setParameter(1, ownerId).setParameter(2, kinds).getSingleResult());
    }

    private static long sum(List<Account> owned, String type) {
        return owned.stream().filter(a -> a.type.equals(type)).mapToLong(a -> a.balance).sum();
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(java.time.ZoneOffset.UTC);
        }
        return Instant.parse(o.toString());
    }
}
