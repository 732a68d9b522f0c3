package org.exchange.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One ledger account; its balance always equals the sum of its postings. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    public String id;

    @Column(name = "owner_id", nullable = false)
    public String ownerId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String currency;

    /** Minor units. */
    @Column(nullable = false)
    public long balance;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
