package org.exchange.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One link of a subject's append-only, hash-chained consent history: the consent's full state
 * after a change, the previous link's hash and this link's hash (see {@code service.HashChain}).
 * The table refuses UPDATE at the database level.
 */
@Entity
@Table(name = "consent_history")
public class ConsentHistoryEntry {

    public enum Action { GRANTED, RENEWED, WITHDRAWN, EXPIRED, INVALIDATED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(name = "consent_id", nullable = false)
    public UUID consentId;

    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String status;

    @Column(name = "scope_type", nullable = false)
    public String scopeType;

    @Column(name = "scope_id", nullable = false)
    public String scopeId;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "data_categories", nullable = false)
    public String dataCategories;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "min_price_per_record")
    public Long minPricePerRecord;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(nullable = false)
    public String hash;
}
