package org.exchange.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A licence: one consumer's purchase of one dataset's consenting cohort for one purpose. */
@Entity
@Table(name = "purchase")
public class Purchase {

    @Id
    public UUID id;

    @Column(name = "quote_id", nullable = false)
    public UUID quoteId;

    @Column(name = "consumer_id", nullable = false)
    public String consumerId;

    @Column(name = "dataset_id", nullable = false)
    public UUID datasetId;

    @Column(nullable = false)
    public String purpose;

    /** Minor units of {@link #currency}. */
    @Column(nullable = false)
    public long amount;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public int subjects;

    @Column(nullable = false)
    public long records;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
