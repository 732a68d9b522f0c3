package org.exchange.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The current state of one subject's consent for one scope and purpose. Every change bumps
 * {@link #version} and appends a {@link ConsentHistoryEntry}; the history, not this row, is
 * the proof of what the subject allowed when.
 */
@Entity
@Table(name = "consent")
public class Consent {

    public enum ScopeType { PROVIDER, DATASET }

    /** DPV consent status names. */
    public enum Status { GIVEN, WITHDRAWN, EXPIRED, INVALIDATED }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false)
    public ScopeType scopeType;

    @Column(name = "scope_id", nullable = false)
    public String scopeId;

    @Column(nullable = false)
    public String purpose;

    /** Comma-separated category ids (validated to contain no commas). */
    @Column(name = "data_categories", nullable = false)
    public String dataCategories;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public long version;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "min_price_per_record")
    public Long minPricePerRecord;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> categories() {
        return dataCategories.isEmpty() ? List.of() : Arrays.asList(dataCategories.split(","));
    }

    /** Given and not past its expiry: the only state in which the consent may be used. */
    public boolean isActiveAt(Instant now) {
        return status == Status.GIVEN && (expiresAt == null || expiresAt.isAfter(now));
    }
}
