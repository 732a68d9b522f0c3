package org.exchange.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What payout knows of a purchase and where its money is (see V1__ledger.sql). */
@Entity
@Table(name = "purchase")
public class Purchase {

    public enum Status {
        /** Only a refund has arrived so far (events out of order). */
        AWAITING_PURCHASE,
        /** Completed, waiting for cohort chunks. */
        AWAITING_COHORT,
        /** Split; the payees' shares are on hold. */
        PENDING,
        /** Released: the shares can be paid out. */
        AVAILABLE,
        /** Refunded during the hold: the split was voided. */
        VOIDED,
        /** Refunded after the hold: the split was reversed. */
        REVERSED
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "consumer_id")
    public String consumerId;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "dataset_id")
    public String datasetId;

    public String purpose;

    /** Minor units; null until purchase.completed arrived. */
    public Long amount;

    public String currency;

    public Integer subjects;

    public Long records;

    public Integer chunks;

    @Column(name = "purchased_at")
    public Instant purchasedAt;

    @Column(name = "split_tx")
    public UUID splitTx;

    @Column(name = "split_at")
    public Instant splitAt;

    @Column(name = "hold_until")
    public Instant holdUntil;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "refund_requested", nullable = false)
    public boolean refundRequested;

    @Column(name = "refund_reason")
    public String refundReason;

    @Column(name = "refunded_at")
    public Instant refundedAt;

    /** The cohort root pricing committed to (base64); the staged cohort must hash to it. */
    @Column(name = "cohort_root")
    public String cohortRoot;
}
