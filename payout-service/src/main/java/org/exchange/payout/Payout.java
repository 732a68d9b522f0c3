package org.exchange.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A payee's request to be paid out: REQUESTED -> PROCESSING -> PAID | FAILED. */
@Entity
@Table(name = "payout")
public class Payout {

    public enum Status { REQUESTED, PROCESSING, PAID, FAILED }

    @Id
    public UUID id;

    @Column(name = "owner_kind", nullable = false)
    public String ownerKind;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    /** Minor units. */
    @Column(nullable = false)
    public long amount;

    @Column(nullable = false)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "rail_reference")
    public String railReference;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
