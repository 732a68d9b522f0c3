package org.exchange.pricing.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.LicenceConsentWithdrawn;
import org.exchange.pricing.events.PricingEvents;

/**
 * GDPR Art. 19: when a subject withdraws a consent that a live licence's pinned cohort relied
 * on, the licence holder is told. Each touched licence is recorded once (per consent version)
 * and gets one {@code licence.consent-withdrawn} event, in the transaction that records the
 * consent event as processed.
 */
@ApplicationScoped
public class LicenceWithdrawalService {

    public record Withdrawal(String subjectId, String consentId, long consentVersion, Instant withdrawnAt,
                             Instant recordedAt) {
    }

    private static final String TOUCHED = """
            SELECT cast(pm.purchase_id as text), pm.subject_id, p.consumer_id, p.dataset_id, p.purpose
            FROM purchase_member pm JOIN purchase p ON p.id = pm.purchase_id
            WHERE pm.consent_id = ?1 AND pm.subject_id = ?2 AND pm.consent_version < ?3
              AND p.status = 'COMPLETED' AND p.valid_until > ?4""";

    private final PricingEvents events;
    private final Pool pool;
    private final Clock clock;

    public LicenceWithdrawalService(PricingEvents events, Pool pool, Clock clock) {
        this.events = events;
        this.pool = pool;
        this.clock = clock;
    }

    /** A handler of the kit's consumer for {@code consent.revoked}: tells every touched licence holder. */
    public Uni<Outcome> onRevoked(EventEnvelope event, ConsentChanged data) {
        return withdraw(data, data.at() != null ? data.at() : event.time()).replaceWith(Outcome.applied());
    }

    private Uni<Integer> withdraw(ConsentChanged c, Instant withdrawnAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(s -> s.createNativeQuery(TOUCHED, Object[].class)
                        .setParameter(1, c.consentId())
                        .setParameter(2, c.subjectId())
                        .setParameter(3, c.version())
                        .setParameter(4, now)
                        .getResultList())
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> record(c, withdrawnAt, now, row))
                        .collect().asList()
                        .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> record(ConsentChanged c, Instant withdrawnAt, Instant now, Object[] row) {
        String purchaseId = (String) row[0];
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO licence_withdrawal (purchase_id, consent_id, consent_version, subject_id,
                                                        withdrawn_at, recorded_at)
                        VALUES (cast(?1 as uuid), ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING""")
                        .setParameter(1, purchaseId)
                        .setParameter(2, c.consentId())
                        .setParameter(3, c.version())
                        .setParameter(4, c.subjectId())
                        .setParameter(5, withdrawnAt)
                        .setParameter(6, now)
                        .executeUpdate())
                .chain(inserted -> inserted == 0 ? Uni.createFrom().item(false)
                        : events.licenceConsentWithdrawn(new LicenceConsentWithdrawn(purchaseId, (String) row[2],
                                (String) row[3], (String) row[4], c.subjectId(), c.consentId(), c.version(),
                                withdrawnAt, now)).replaceWith(true));
    }

    /** The withdrawals recorded against one licence, oldest first. */
    public Uni<List<Withdrawal>> of(UUID purchaseId, int page, int size) {
        return pool.preparedQuery("""
                        SELECT subject_id, consent_id, consent_version, withdrawn_at, recorded_at FROM licence_withdrawal
                        WHERE purchase_id = $1 ORDER BY recorded_at, subject_id LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(purchaseId, size, (long) page * size))
                .map(rows -> {
                    List<Withdrawal> list = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        list.add(new Withdrawal(r.getString("subject_id"), r.getString("consent_id"),
                                r.getLong("consent_version"), instant(r, "withdrawn_at"), instant(r, "recorded_at")));
                    }
                    return list;
                });
    }

    public Uni<Long> count(UUID purchaseId) {
        return pool.preparedQuery("SELECT count(*) FROM licence_withdrawal WHERE purchase_id = $1")
                .execute(Tuple.of(purchaseId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }
}
