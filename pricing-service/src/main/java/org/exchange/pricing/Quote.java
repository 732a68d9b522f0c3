package org.exchange.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An immutable offer: this cohort, for this purpose, at this amount, until {@link #expiresAt}. */
@Entity
@Table(name = "quote")
public class Quote {

    @Id
    public UUID id;

    @Column(name = "consumer_id", nullable = false)
    public String consumerId;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "provider_id", nullable = false)
    public String providerId;

    @Column(name = "dataset_revision", nullable = false)
    public long datasetRevision;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "price_book_version", nullable = false)
    public long priceBookVersion;

    @Column(nullable = false)
    public long amount;

    @Column(nullable = false)
    public String currency;

    @Column(nullable = false)
    public int subjects;

    @Column(nullable = false)
    public long records;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
