package org.exchange.payout.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.exchange.kit.db.JsonRows;
import org.exchange.kit.events.consumer.EventRejected;
import org.exchange.payout.Account;
import org.exchange.payout.Purchase;
import org.exchange.payout.config.PayoutConfig;
import org.jboss.logging.Logger;

/**
 * Splits a purchase whose cohort is complete (docs/money-split.md), in the caller's transaction
 * (its status is {@link PurchaseLifecycle}'s to set):
 * checks the staged cohort against what pricing committed to, posts the split (the consumer's
 * funding to the platform's, the provider's and every subject's pending account) and writes the
 * statement lines, set-based. Timed and counted ({@code exchange.payout.split},
 * {@code exchange.payout.splits}).
 */
@ApplicationScoped
public class PurchaseSplit {

    private static final Logger LOG = Logger.getLogger(PurchaseSplit.class);

    private final CohortStaging cohorts;
    private final Ledger ledger;
    private final PayoutConfig config;
    private final MeterRegistry meters;
    private final Timer timer;

    public PurchaseSplit(CohortStaging cohorts, Ledger ledger, PayoutConfig config, MeterRegistry meters) {
        if (config.platformFeeBps() < 0 || config.providerShareBps() < 0
                || config.platformFeeBps() + config.providerShareBps() > Split.BPS) {
            throw new IllegalStateException("exchange.payout platform-fee-bps + provider-share-bps must be within 0..10000");
        }
        this.cohorts = cohorts;
        this.ledger = ledger;
        this.config = config;
        this.meters = meters;
        this.timer = Timer.builder("exchange.payout.split").description("time to split and write one purchase")
                .register(meters);
    }

    /** Splits {@code p} at {@code now}: its shares are held until {@code now} plus the hold period. */
    public Uni<Void> split(Purchase p, Instant now) {
        long started = System.nanoTime();
        return cohorts.members(p.id)
                .invoke(staged -> PurchaseChecks.cohortRoot(p, staged))
                .chain(() -> cohorts.entries(p.id))
                .chain(entries -> {
                    List<Split.Member> members = new ArrayList<>(entries.size());
                    long records = 0;
                    long listed = 0; // cohort entries as sent; a subject listed twice is merged into one share
                    for (CohortStaging.Entry e : entries) {
                        members.add(new Split.Member(e.subjectId(), e.records()));
                        records += e.records();
                        listed += e.listed();
                    }
                    PurchaseChecks.cohortCounts(p, listed, records);
                    Split.Result split = Split.of(p.amount, config.platformFeeBps(), config.providerShareBps(), members);
                    return ledger.open(Ledger.Kind.SPLIT, p.id).chain(txId -> {
                        if (txId == null) {
                            throw new EventRejected("already-booked", "purchase " + p.id + " is already split in the ledger");
                        }
                        return ledger.post(txId, legs(p, split))
                                .chain(() -> writeEarnings(p, split))
                                .invoke(() -> {
                                    p.splitTx = txId;
                                    p.splitAt = now;
                                    p.holdUntil = now.plus(config.holdPeriod());
                                });
                    }).invoke(() -> {
                        long nanos = System.nanoTime() - started;
                        timer.record(Duration.ofNanos(nanos));
                        meters.counter("exchange.payout.splits", "purpose", String.valueOf(p.purpose)).increment();
                        LOG.infof("split purchase %s: %d subjects, %d minor units, written in %d ms", p.id,
                                members.size(), p.amount, nanos / 1_000_000);
                    });
                });
    }

    private static List<Ledger.Leg> legs(Purchase p, Split.Result split) {
        List<Ledger.Leg> legs = new ArrayList<>(split.subjects().size() + 3);
        legs.add(new Ledger.Leg(Account.CONSUMER, p.consumerId, Account.FUNDING, -p.amount));
        legs.add(new Ledger.Leg(Account.PLATFORM, Account.PLATFORM_ID, Account.PENDING, split.platformFee()));
        legs.add(new Ledger.Leg(Account.PROVIDER, p.providerId, Account.PENDING, split.providerShare()));
        for (Split.Share share : split.subjects()) {
            legs.add(new Ledger.Leg(Account.SUBJECT, share.subjectId(), Account.PENDING, share.amount()));
        }
        return legs;
    }

    /** One statement line per payee (including zero shares: the subject sees its data was used). */
    private record Line(String ownerKind, String ownerId, long weight, long amount) {
    }

    private static Uni<Void> writeEarnings(Purchase p, Split.Result split) {
        List<Line> lines = new ArrayList<>(split.subjects().size() + 2);
        lines.add(new Line(Account.PLATFORM, Account.PLATFORM_ID, split.totalRecords(), split.platformFee()));
        lines.add(new Line(Account.PROVIDER, p.providerId, split.totalRecords(), split.providerShare()));
        for (Split.Share share : split.subjects()) {
            lines.add(new Line(Account.SUBJECT, share.subjectId(), share.weight(), share.amount()));
        }
        return JsonRows.write(lines, Ledger.BATCH,
                (l, row) -> row.put("k", l.ownerKind()).put("o", l.ownerId()).put("w", l.weight()).put("a", l.amount()),
                json -> Panache.getSession().chain(s -> s.createNativeQuery("""
                                INSERT INTO earning (purchase_id, owner_kind, owner_id, weight, amount)
                                SELECT ?1, x.k, x.o, x.w, x.a
                                  FROM %s AS x(k text, o text, w bigint, a bigint)""".formatted(JsonRows.records("?2")))
                        .setParameter(1, p.id).setParameter(2, json).executeUpdate()))
                .replaceWithVoid();
    }
}
