package org.exchange.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A provider's dataset at its current revision. Every change bumps {@link #revision} and keeps
 * the new state as a {@link DatasetRevision}. Withdrawn datasets are no longer listed but stay
 * readable by id for their owner and existing licence holders.
 */
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

    public Map<String, String> schema() {
        return schemaOf(recordSchema);
    }

    public static List<String> split(String csv) {
        return csv.isEmpty() ? List.of() : List.of(csv.split(","));
    }

    /** Ids are validated to hold no comma, so a comma-joined list splits back to the same list. */
    public static String csv(List<String> ids) {
        return String.join(",", ids);
    }

    /** The record schema as stored (a JSON object of field name to type), in the provider's order. */
    public static Map<String, String> schemaOf(String json) {
        try {
            return JSON.readValue(json, SCHEMA_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record schema is not JSON", e);
        }
    }

    public static String schemaJson(Map<String, String> schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("record schema is not serialisable", e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> SCHEMA_TYPE = new TypeReference<>() {
    };
}
