package org.exchange.pricing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Pricing's projection of a catalog dataset: who owns it, what it allows, whether it is on sale. */
@Entity
@Table(name = "dataset_view")
public class DatasetView {

    public static final String WITHDRAWN = "WITHDRAWN";

    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Column(name = "provider_id", nullable = false)
    public String providerId;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false)
    public String status;

    /** Comma-separated purpose ids. */
    @Column(name = "allowed_purposes", nullable = false)
    public String allowedPurposes;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> purposes() {
        return allowedPurposes.isEmpty() ? List.of() : Arrays.asList(allowedPurposes.split(","));
    }

    public boolean allows(String purpose) {
        return purposes().contains(purpose);
    }

    public boolean withdrawn() {
        return WITHDRAWN.equalsIgnoreCase(status);
    }
}
