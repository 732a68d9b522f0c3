package org.exchange.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One ledger account; its balance always equals the sum of its postings. An owner (a consumer,
 * the platform, a provider or a subject) has one account per type: a consumer's {@code funding}
 * goes negative by what it paid; a payee's money moves {@code pending -> available ->
 * processing -> paid-out}. The sum of all balances is always zero.
 */
@Entity
@Table(name = "account")
public class Account {

    public static final String CONSUMER = "consumer";
    public static final String PLATFORM = "platform";
    public static final String PROVIDER = "provider";
    public static final String SUBJECT = "subject";
    /** The platform's one owner id. */
    public static final String PLATFORM_ID = "platform";

    public static final String FUNDING = "funding";
    public static final String PENDING = "pending";
    public static final String AVAILABLE = "available";
    public static final String PROCESSING = "processing";
    public static final String PAID_OUT = "paid-out";

    @Id
    public String id;

    @Column(name = "owner_kind", nullable = false)
    public String ownerKind;

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

    public static String idOf(String ownerKind, String ownerId, String type) {
        return ownerKind + ":" + ownerId + ":" + type;
    }
}
