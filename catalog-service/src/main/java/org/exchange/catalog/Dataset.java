package org.exchange.catalog;

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

/** A provider's dataset at its current revision. */
@Entity
@Table(name = "dataset")
public class Dataset {

    public enum Status { PUBLISHED, WITHDRAWN }

    @Id
    public UUID id;

    @Column(name = "provider_id", nullable = false)
    public String providerId;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;

    /** Comma-separated category ids. */
    @Column(nullable = false)
    public String categories;

    /** Comma-separated purpose ids from the vocabulary. */
    @Column(name = "allowed_purposes", nullable = false)
    public String allowedPurposes;

    /** The record schema as JSON text. */
    @Column(name = "record_schema", nullable = false)
    public String recordSchema;

    @Column(name = "licence_terms", nullable = false)
    public String licenceTerms;

    @Column(nullable = false)
    public long revision;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> categoryList() {
        return split(categories);
    }

    public List<String> purposeList() {
        return split(allowedPurposes);
    }

    private static List<String> split(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }
}
