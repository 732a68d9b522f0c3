package org.exchange.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One kept revision of a dataset: its full state after a change. Rows are only ever inserted. */
@Entity
@Table(name = "dataset_revision")
@IdClass(DatasetRevision.Key.class)
public class DatasetRevision {

    /** What made the revision. */
    public enum Change { PUBLISHED, UPDATED, WITHDRAWN }

    @Id
    @Column(name = "dataset_id")
    public UUID datasetId;

    @Id
    public long revision;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public String categories;

    @Column(name = "allowed_purposes", nullable = false)
    public String allowedPurposes;

    @Column(name = "record_schema", nullable = false)
    public String recordSchema;

    @Column(name = "licence_terms", nullable = false)
    public String licenceTerms;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String change;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    public static DatasetRevision of(Dataset d, Change change) {
        DatasetRevision r = new DatasetRevision();
        r.datasetId = d.id;
        r.revision = d.revision;
        r.title = d.title;
        r.description = d.description;
        r.categories = d.categories;
        r.allowedPurposes = d.allowedPurposes;
        r.recordSchema = d.recordSchema;
        r.licenceTerms = d.licenceTerms;
        r.status = d.status.name();
        r.change = change.name();
        r.changedAt = d.updatedAt;
        return r;
    }

    /** The composite key (dataset, revision). */
    public static class Key implements Serializable {
        public UUID datasetId;
        public long revision;

        public Key() {
        }

        public Key(UUID datasetId, long revision) {
            this.datasetId = datasetId;
            this.revision = revision;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.revision == revision && Objects.equals(k.datasetId, datasetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, revision);
        }
    }
}
