package org.exchange.payout.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.EventRejected;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.EarningsCredited;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.payout.Account;
import org.exchange.payout.Purchase;
import org.exchange.payout.config.PayoutConfig;
import org.exchange.payout.events.PayoutEvents;
import org.exchange.payout.repository.PurchaseRepository;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Applies {@code pricing.events} to the ledger, exactly once in effect: the kit's consumer runs
 * each event in one database transaction that records its id (a repeat stops there); the handler
 * takes the purchase-ledger lock and applies the effect. Each ledger transaction additionally has
 * a unique (kind, purchase id), so even an event re-sent under a new id cannot split, void,
 * release or reverse a purchase twice. Anything that cannot be booked (a foreign currency, a
 * cohort that does not add up or does not hash to pricing's root) is rejected: the event goes to
 * the dead-letter topic for a person to look at, and later purchases are not held up.
 * <p>
 * Cohort chunks are staged (deduplicated by (purchase, chunk)); the purchase is split once it holds
 * {@code purchase.completed} and all of its chunks, whichever arrives last.
 */
@ApplicationScoped
public class PurchaseLedger {

    public static final String CONSUMER = "payout.purchases";
    private static final Logger LOG = Logger.getLogger(PurchaseLedger.class);
    /** Serialises all purchase-level ledger writes (they touch many accounts) across replicas. */
    private static final long PURCHASE_LEDGER_LOCK = 0x7061796f7574L; // "payout"

    private final PurchaseRepository purchases;
    private final Ledger ledger;
    private final PayoutEvents events;
    private final PayoutConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Timer splitTimer;
    private final MeterRegistry meters;

    public PurchaseLedger(PurchaseRepository purchases, Ledger ledger, PayoutEvents events,
                          PayoutConfig config, ObjectMapper mapper, Clock clock, MeterRegistry meters) {
        if (config.platformFeeBps() < 0 || config.providerShareBps() < 0
                || config.platformFeeBps() + config.providerShareBps() > Split.BPS) {
            throw new IllegalStateException("exchange.payout platform-fee-bps + provider-share-bps must be within 0..10000");
        }
        this.purchases = purchases;
        this.ledger = ledger;
        this.events = events;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.meters = meters;
        this.splitTimer = Timer.builder("exchange.payout.split").description("time to split and write one purchase")
                .register(meters);
    }

    /** A cohort chunk ({@code purchase.cohort}): staged; the purchase splits once all have come. */
    public Uni<Outcome> cohort(EventEnvelope event, PurchaseCohort chunk) {
        return lock().chain(() -> stage(chunk)).replaceWith(Outcome.applied());
    }

    /** {@code purchase.completed}, confirmed with pricing before this runs (PurchaseConfirmation). */
    public Uni<Outcome> completed(EventEnvelope event, PurchaseCompleted completed) {
        return lock().chain(() -> completed(completed)).replaceWith(Outcome.applied());
    }

    /** {@code purchase.refunded}, confirmed with pricing before this runs. */
    public Uni<Outcome> refunded(EventEnvelope event, PurchaseRefunded refund) {
        return lock().chain(() -> refunded(refund)).replaceWith(Outcome.applied());
    }

    /** Releases every purchase whose hold ended by {@code now}, one database transaction each; emits how many. */
    public Uni<Integer> releaseDue(Instant now, int limit) {
        return Multi.createFrom().range(0, limit)
                .onItem().transformToUniAndConcatenate(i -> releaseOne(now))
                .select().first(released -> released) // stop at the first "nothing due"
                .collect().asList()
                .map(List::size);
    }

    private Uni<Boolean> releaseOne(Instant now) {
        return Panache.withTransaction(() -> lock()
                .chain(() -> purchases.find("status = ?1 and holdUntil <= ?2 order by holdUntil, id",
                        Purchase.Status.PENDING, now).<Purchase>firstResult())
                .chain(p -> p == null ? Uni.createFrom().item(false) : release(p, now).replaceWith(true)));
    }

    // --- cohort chunks ------------------------------------------------------------------------

    private Uni<Void> stage(PurchaseCohort c) {
        requireId(c.purchaseId(), "purchaseId");
        if (c.chunks() < 1 || c.chunk() < 0 || c.chunk() >= c.chunks() || c.members() == null) {
            throw new EventRejected("bad-cohort", "purchase.cohort of " + c.purchaseId() + " has chunk " + c.chunk()
                    + " of " + c.chunks() + " and members " + (c.members() == null ? "null" : c.members().size()));
        }
        ArrayNode rows = mapper.createArrayNode();
        int position = 0;
        for (CohortMember m : c.members()) {
            requireId(m.subjectId(), "subjectId");
            if (m.records() < 0) {
                throw new EventRejected("bad-cohort", "cohort member " + m.subjectId() + " has negative records");
            }
            // its place in the pinned order: the cohort root is recomputed over the members in exactly that order
            rows.addObject().put("s", m.subjectId()).put("r", m.records()).put("c", m.consentId())
                    .put("v", m.consentVersion()).put("p", position++);
        }
        return session(s -> s.createNativeQuery("INSERT INTO cohort_chunk (purchase_id, chunk, chunks, members) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, c.purchaseId()).setParameter(2, c.chunk()).setParameter(3, c.chunks())
                .setParameter(4, c.members().size()).executeUpdate())
                .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem() // this chunk is already staged
                        : session(s -> s.createNativeQuery("""
                                        INSERT INTO cohort_member (purchase_id, chunk, subject_id, records, consent_id, consent_version, position)
                                        SELECT ?1, ?2, x.s, x.r, x.c, x.v, x.p
                                          FROM jsonb_to_recordset(CAST(CAST(?3 AS text) AS jsonb)) AS x(s text, r bigint, c text, v bigint, p int)""")
                                .setParameter(1, c.purchaseId()).setParameter(2, c.chunk())
                                .setParameter(3, rows.toString()).executeUpdate())
                        .chain(() -> purchases.lock(c.purchaseId()))
                        .chain(p -> p == null ? Uni.createFrom().voidItem() : splitIfComplete(p)));
    }

    // --- purchase.completed -------------------------------------------------------------------

    private Uni<Void> completed(PurchaseCompleted e) {
        requireId(e.purchaseId(), "purchaseId");
        requireId(e.consumerId(), "consumerId");
        requireId(e.providerId(), "providerId");
        requireSettlementCurrency(e.currency(), e.purchaseId());
        if (e.amount() < 0 || e.chunks() < 0 || e.subjects() < 0 || e.records() < 0) {
            throw new EventRejected("bad-purchase", "purchase.completed " + e.purchaseId()
                    + " has a negative amount or count");
        }
        return purchases.lock(e.purchaseId()).chain(existing -> {
            if (existing != null && existing.status != Purchase.Status.AWAITING_PURCHASE) {
                if (existing.amount == null || existing.amount != e.amount()) {
                    throw new EventRejected("bad-purchase", "purchase " + e.purchaseId() + " completed again with amount "
                            + e.amount() + " instead of " + existing.amount);
                }
                return Uni.createFrom().voidItem(); // the same purchase re-sent under a new event id
            }
            if (existing != null && existing.amount != null && existing.amount != e.amount()) {
                throw new EventRejected("bad-purchase", "purchase " + e.purchaseId() + " of " + e.amount()
                        + " was refunded with " + existing.amount + ": only whole purchases are refunded");
            }
            Purchase p = existing != null ? existing : new Purchase();
            p.id = e.purchaseId();
            p.status = Purchase.Status.AWAITING_COHORT;
            p.consumerId = e.consumerId();
            p.providerId = e.providerId();
            p.datasetId = e.datasetId();
            p.purpose = e.purpose();
            p.amount = e.amount();
            p.currency = e.currency();
            p.subjects = e.subjects();
            p.records = e.records();
            p.chunks = e.chunks();
            p.cohortRoot = e.cohortRoot();
            p.purchasedAt = e.at() == null ? clock.instant() : e.at().truncatedTo(ChronoUnit.MICROS);
            Uni<Purchase> saved = existing != null ? Uni.createFrom().item(p) : purchases.persist(p);
            return saved.chain(() -> session(s -> s.flush())).chain(() -> splitIfComplete(p));
        });
    }

    private Uni<Void> splitIfComplete(Purchase p) {
        if (p.status != Purchase.Status.AWAITING_COHORT) {
            return Uni.createFrom().voidItem();
        }
        return session(s -> s.createNativeQuery("SELECT count(*) FROM cohort_chunk WHERE purchase_id = ?1", Long.class)
                .setParameter(1, p.id).getSingleResult())
                .chain(staged -> staged < p.chunks ? Uni.createFrom().voidItem() : split(p));
    }

    private Uni<Void> split(Purchase p) {
        long started = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return session(s -> s.createNativeQuery("""
                        SELECT subject_id, records, consent_id, consent_version FROM cohort_member WHERE purchase_id = ?1
                         ORDER BY chunk, position""", Object[].class)
                .setParameter(1, p.id).getResultList())
                .chain(staged -> {
                    checkCohortRoot(p, staged);
                    return session(s -> s.createNativeQuery("""
                                    SELECT subject_id, sum(records)::bigint, count(*) FROM cohort_member WHERE purchase_id = ?1
                                     GROUP BY subject_id ORDER BY subject_id""", Object[].class)
                            .setParameter(1, p.id).getResultList());
                })
                .chain(rows -> {
                    List<Split.Member> members = new ArrayList<>(rows.size());
                    long records = 0;
                    long listed = 0; // cohort entries as sent; a subject listed twice is merged into one share
                    for (Object[] r : rows) {
                        long n = ((Number) r[1]).longValue();
                        members.add(new Split.Member((String) r[0], n));
                        records += n;
                        listed += ((Number) r[2]).longValue();
                    }
                    if (listed != p.subjects || records != p.records) {
                        throw new EventRejected("cohort-mismatch", "purchase " + p.id + " announced " + p.subjects + " subjects and "
                                + p.records + " records, but its cohort has " + listed + " and " + records);
                    }
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
                                    p.status = Purchase.Status.PENDING;
                                })
                                .chain(() -> session(s -> s.flush()));
                    }).invoke(() -> {
                        long nanos = System.nanoTime() - started;
                        splitTimer.record(Duration.ofNanos(nanos));
                        meters.counter("exchange.payout.splits", "purpose", String.valueOf(p.purpose)).increment();
                        LOG.infof("split purchase %s: %d subjects, %d minor units, written in %d ms", p.id,
                                members.size(), p.amount, nanos / 1_000_000);
                    });
                })
                // A refund that arrived before the split voids it at once, in the same transaction.
                .chain(() -> p.refundRequested ? voidOrReverse(p, now) : Uni.createFrom().voidItem());
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

    /** The statement lines of the split (including zero shares: the subject sees its data was used). */
    private Uni<Void> writeEarnings(Purchase p, Split.Result split) {
        List<String> chunks = new ArrayList<>();
        ArrayNode rows = mapper.createArrayNode();
        rows.addObject().put("k", Account.PLATFORM).put("o", Account.PLATFORM_ID).put("w", split.totalRecords())
                .put("a", split.platformFee());
        rows.addObject().put("k", Account.PROVIDER).put("o", p.providerId).put("w", split.totalRecords())
                .put("a", split.providerShare());
        for (Split.Share share : split.subjects()) {
            rows.addObject().put("k", Account.SUBJECT).put("o", share.subjectId()).put("w", share.weight())
                    .put("a", share.amount());
            if (rows.size() >= Ledger.BATCH) {
                chunks.add(rows.toString());
                rows.removeAll();
            }
        }
        if (!rows.isEmpty()) {
            chunks.add(rows.toString());
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(json -> session(s -> s.createNativeQuery("""
                                INSERT INTO earning (purchase_id, owner_kind, owner_id, weight, amount)
                                SELECT ?1, x.k, x.o, x.w, x.a
                                  FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb)) AS x(k text, o text, w bigint, a bigint)""")
                        .setParameter(1, p.id).setParameter(2, json).executeUpdate()))
                .collect().last().replaceWithVoid();
    }

    // --- release ------------------------------------------------------------------------------

    private Uni<Void> release(Purchase p, Instant now) {
        return ledger.open(Ledger.Kind.RELEASE, p.id).chain(txId -> {
            if (txId == null) {
                throw new IllegalStateException("purchase " + p.id + " is already released in the ledger");
            }
            return ledger.postRelease(txId, p.splitTx);
        }).chain(() -> session(s -> s.createNativeQuery("""
                        SELECT owner_kind, owner_id, weight, amount FROM earning
                         WHERE purchase_id = ?1 AND owner_kind IN ('subject', 'provider') AND amount > 0
                         ORDER BY owner_kind, owner_id""", Object[].class)
                .setParameter(1, p.id).getResultList()))
                .chain(rows -> {
                    List<EarningsCredited> credits = new ArrayList<>(rows.size());
                    for (Object[] r : rows) {
                        credits.add(new EarningsCredited((String) r[1], (String) r[0], p.id, p.datasetId, p.purpose,
                                p.consumerId, ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), p.currency, now));
                    }
                    return events.earningsCredited(credits);
                })
                .invoke(() -> {
                    p.status = Purchase.Status.AVAILABLE;
                    p.releasedAt = now;
                    LOG.infof("released purchase %s from hold", p.id);
                });
    }

    // --- purchase.refunded --------------------------------------------------------------------

    private Uni<Void> refunded(PurchaseRefunded r) {
        requireId(r.purchaseId(), "purchaseId");
        requireSettlementCurrency(r.currency(), r.purchaseId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return purchases.lock(r.purchaseId()).chain(p -> {
            if (p == null) {
                // The refund overtook its purchase: remember it; the split voids itself on arrival.
                Purchase stub = new Purchase();
                stub.id = r.purchaseId();
                stub.status = Purchase.Status.AWAITING_PURCHASE;
                stub.amount = r.amount();
                stub.refundRequested = true;
                stub.refundReason = reason(r);
                return purchases.persist(stub).replaceWithVoid();
            }
            if (p.amount != null && p.amount != r.amount()) {
                throw new EventRejected("bad-refund", "refund of " + r.amount() + " for purchase " + r.purchaseId()
                        + " of " + p.amount + ": only whole purchases are refunded");
            }
            if (p.refundRequested) {
                return Uni.createFrom().voidItem(); // already refunded (or waiting to be)
            }
            p.refundRequested = true;
            p.refundReason = reason(r);
            return switch (p.status) {
                case PENDING, AVAILABLE -> voidOrReverse(p, now);
                default -> Uni.createFrom().voidItem(); // not split yet: the split will void itself
            };
        });
    }

    /** During the hold the split is voided (its exact negation); after it, reversed from the available accounts. */
    private Uni<Void> voidOrReverse(Purchase p, Instant now) {
        boolean released = p.status == Purchase.Status.AVAILABLE;
        Ledger.Kind kind = released ? Ledger.Kind.REVERSAL : Ledger.Kind.VOID;
        return ledger.open(kind, p.id).chain(txId -> {
            if (txId == null) {
                throw new EventRejected("already-booked", "purchase " + p.id + " already has a " + kind + " in the ledger");
            }
            return ledger.postNegationOf(txId, p.splitTx, released);
        }).invoke(() -> {
            p.status = released ? Purchase.Status.REVERSED : Purchase.Status.VOIDED;
            p.refundedAt = now;
            LOG.infof("refund of purchase %s: %s", p.id, kind);
        });
    }

    // --- helpers ------------------------------------------------------------------------------

    /** A purchase in another currency cannot be booked: dead-lettered for a person, never skipped (docs/ledger.md). */
    private void requireSettlementCurrency(String currency, String purchaseId) {
        if (!config.currency().equals(currency)) {
            throw new EventRejected("wrong-currency", "purchase " + purchaseId + " is in " + currency + " but this deployment settles in "
                    + config.currency() + "; refusing to book it");
        }
    }

    private static void requireId(String id, String field) {
        if (id == null || id.isBlank() || id.length() > 100) {
            throw new EventRejected("bad-purchase", field + " is missing or too long");
        }
    }

    /**
     * The cohort that arrived must be the one pricing committed to: its RFC 9162 root over the
     * staged members in pinned order equals the purchase's confirmed {@code cohortRoot}.
     */
    private static void checkCohortRoot(Purchase p, List<Object[]> staged) {
        if (p.cohortRoot == null) {
            return; // a purchase confirmed before cohort roots existed
        }
        List<CohortMember> members = new ArrayList<>(staged.size());
        for (Object[] r : staged) {
            members.add(new CohortMember((String) r[0], ((Number) r[1]).longValue(), (String) r[2],
                    r[3] == null ? 0 : ((Number) r[3]).longValue()));
        }
        String root = Cohorts.root(members);
        if (!root.equals(p.cohortRoot)) {
            throw new EventRejected("cohort-mismatch", "the cohort received for purchase " + p.id + " hashes to " + root
                    + ", pricing committed to " + p.cohortRoot);
        }
    }

    private static String reason(PurchaseRefunded r) {
        return r.reason() == null ? null : r.reason().substring(0, Math.min(500, r.reason().length()));
    }

    private static Uni<Void> lock() {
        return session(s -> s.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked")
                .setParameter(1, PURCHASE_LEDGER_LOCK).getSingleResult()).replaceWithVoid();
    }

    private static <T> Uni<T> session(Function<Mutiny.Session, Uni<T>> f) {
        return Panache.getSession().chain(s -> f.apply(s));
    }
}
