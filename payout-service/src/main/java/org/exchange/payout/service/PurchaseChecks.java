package org.exchange.payout.service;

import java.util.List;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.kit.events.consumer.EventRejected;
import org.exchange.payout.Purchase;

/**
 * What pricing's events must satisfy to be booked. Each check throws {@link EventRejected} with
 * its reason, so the event is dead-lettered for a person to look at (docs/ledger.md), never
 * skipped silently. Pure: no database.
 */
final class PurchaseChecks {

    private PurchaseChecks() {
    }

    static void chunk(PurchaseCohort c) {
        requireId(c.purchaseId(), "purchaseId");
        if (c.chunks() < 1 || c.chunk() < 0 || c.chunk() >= c.chunks() || c.members() == null) {
            throw new EventRejected("bad-cohort", "purchase.cohort of " + c.purchaseId() + " has chunk " + c.chunk()
                    + " of " + c.chunks() + " and members " + (c.members() == null ? "null" : c.members().size()));
        }
        for (CohortMember m : c.members()) {
            requireId(m.subjectId(), "subjectId");
            if (m.records() < 0) {
                throw new EventRejected("bad-cohort", "cohort member " + m.subjectId() + " has negative records");
            }
        }
    }

    static void completed(PurchaseCompleted e, String settlementCurrency) {
        requireId(e.purchaseId(), "purchaseId");
        requireId(e.consumerId(), "consumerId");
        requireId(e.providerId(), "providerId");
        requireSettlementCurrency(e.currency(), e.purchaseId(), settlementCurrency);
        if (e.amount() < 0 || e.chunks() < 0 || e.subjects() < 0 || e.records() < 0) {
            throw new EventRejected("bad-purchase", "purchase.completed " + e.purchaseId()
                    + " has a negative amount or count");
        }
    }

    /** A purchase completed again (under a new event id) must be the same; one refunded before must be whole. */
    static void completedAgrees(Purchase existing, PurchaseCompleted e) {
        if (existing == null) {
            return;
        }
        if (existing.status != Purchase.Status.AWAITING_PURCHASE) {
            if (existing.amount == null || existing.amount != e.amount()) {
                throw new EventRejected("bad-purchase", "purchase " + e.purchaseId() + " completed again with amount "
                        + e.amount() + " instead of " + existing.amount);
            }
        } else if (existing.amount != null && existing.amount != e.amount()) {
            throw new EventRejected("bad-purchase", "purchase " + e.purchaseId() + " of " + e.amount()
                    + " was refunded with " + existing.amount + ": only whole purchases are refunded");
        }
    }

    static void refunded(PurchaseRefunded r, String settlementCurrency) {
        requireId(r.purchaseId(), "purchaseId");
        requireSettlementCurrency(r.currency(), r.purchaseId(), settlementCurrency);
    }

    /** Only whole purchases are refunded. */
    static void refundAgrees(Purchase p, PurchaseRefunded r) {
        if (p != null && p.amount != null && p.amount != r.amount()) {
            throw new EventRejected("bad-refund", "refund of " + r.amount() + " for purchase " + r.purchaseId()
                    + " of " + p.amount + ": only whole purchases are refunded");
        }
    }

    /**
     * The cohort that arrived must be the one pricing committed to: its RFC 9162 root over the
     * staged members in pinned order equals the purchase's confirmed {@code cohortRoot}.
     */
    static void cohortRoot(Purchase p, List<CohortMember> staged) {
        if (p.cohortRoot == null) {
            return; // a purchase confirmed before cohort roots existed
        }
        String root = Cohorts.root(staged);
        if (!root.equals(p.cohortRoot)) {
            throw new EventRejected("cohort-mismatch", "the cohort received for purchase " + p.id + " hashes to " + root
                    + ", pricing committed to " + p.cohortRoot);
        }
    }

    /**
     * The cohort must hold the subjects and records the purchase announced. After the root check
     * this still fires for a purchase confirmed before cohort roots existed, and when pricing's
     * own record of a purchase disagrees with the cohort it committed to (both are confirmed with
     * pricing, but only this compares them).
     */
    static void cohortCounts(Purchase p, long listed, long records) {
        if (listed != p.subjects || records != p.records) {
            throw new EventRejected("cohort-mismatch", "purchase " + p.id + " announced " + p.subjects + " subjects and "
                    + p.records + " records, but its cohort has " + listed + " and " + records);
        }
    }

    /** The refund's reason as stored (at most 500 characters). */
    static String reason(PurchaseRefunded r) {
        return r.reason() == null ? null : r.reason().substring(0, Math.min(500, r.reason().length()));
    }

    /** A purchase in another currency cannot be booked: dead-lettered for a person, never skipped (docs/ledger.md). */
    private static void requireSettlementCurrency(String currency, String purchaseId, String settlementCurrency) {
        if (!settlementCurrency.equals(currency)) {
            throw new EventRejected("wrong-currency", "purchase " + purchaseId + " is in " + currency
                    + " but this deployment settles in " + settlementCurrency + "; refusing to book it");
        }
    }

    private static void requireId(String id, String field) {
        if (id == null || id.isBlank() || id.length() > 100) {
            throw new EventRejected("bad-purchase", field + " is missing or too long");
        }
    }
}
