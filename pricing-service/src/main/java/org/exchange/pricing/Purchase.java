package org.exchange.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A licence: one consumer's purchase of one dataset revision's confirmed cohort for one purpose,
 * valid until {@link #validUntil}. The cohort itself is in {@code purchase_member}.
 */
@Entity
@Table(name = "purchase")
public class Purchase {

    public enum Status { COMPLETED, REFUNDED }

    @Id
    public UUID id;

    @Column(name = "quote_id", nullable = false)
    public UUID quoteId;

    @Column(name = "consumer_id", nullable = false)
    public String consumerId;

    @Column(name = "provider_id", nullable = false)
    public String providerId;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "dataset_revision", nullable = false)
    public long datasetRevision;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "price_book_version", nullable = false)
    public long priceBookVersion;

    /** Minor units of {@link #currency}. */
    @Column(nullable = false)
    public long amount;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public int subjects;

    @Column(nullable = false)
    public long records;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @Column(name = "refunded_at")
    public Instant refundedAt;

    @Column(name = "refund_reason")
    public String refundReason;

    /** RFC 9162 Merkle root (base64) over the pinned cohort in pinned order ({@code Cohorts.root}). */
    @Column(name = "cohort_root")
    public String cohortRoot;
}
