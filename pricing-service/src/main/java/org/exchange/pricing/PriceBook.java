package org.exchange.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a dataset's price book. Versions are never changed: a new PUT adds a version,
 * so a quote and the purchase made from it are priced by exactly the terms the quote named.
 */
@Entity
@Table(name = "price_book")
@IdClass(PriceBook.Key.class)
public class PriceBook {

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    public long version;

    @Column(name = "provider_id", nullable = false)
    public String providerId;

    @Column(nullable = false)
    public String currency;

    /** Minor units of {@link #currency} per record, before the purpose multiplier. */
    @Column(name = "price_per_record", nullable = false)
    public long pricePerRecord;

    @Column(name = "minimum_price", nullable = false)
    public long minimumPrice;

    /** JSON object purpose -> basis points (10000 = x1). */
    @Column(name = "purpose_multipliers", nullable = false)
    public String purposeMultipliers;

    /** JSON array of {fromRecords, multiplierBps}, ascending. */
    @Column(name = "volume_tiers", nullable = false)
    public String volumeTiers;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static class Key implements Serializable {
        public String datasetId;
        public long version;

        public Key() {
        }

        public Key(String datasetId, long version) {
            this.datasetId = datasetId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.datasetId, datasetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, version);
        }
    }
}
