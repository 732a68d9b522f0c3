package org.exchange.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.repository.MemberRepository.Totals;

/**
 * The read side of the catalog, in plain SQL on the reactive pool: search with full-text,
 * filters and keyset-stable ordering, member totals and the consenting cohort per purpose, all
 * computed for a whole page of datasets in one query each.
 */
@ApplicationScoped
public class DatasetReadRepository {

    /** Sortable fields; every order ends with the id, so equal keys still come in one stable order. */
    public enum SortField {
        RELEVANCE("ts_rank(d.search, to_tsquery('english', $1))"),
        CREATED_AT("d.created_at"),
        UPDATED_AT("d.updated_at"),
        TITLE("lower(d.title)");

        final String expression;

        SortField(String expression) {
            this.expression = expression;
        }
    }

    /**
     * @param tsQuery a sanitised {@code to_tsquery} text (see {@code SearchText}), or null for no text filter
     */
    public record Search(String tsQuery, String category, String purpose, SortField sort, boolean descending,
                         int page, int size) {
    }

    public record Found(List<Dataset> items, long total) {
    }

    /** For one purpose: members whose current consent covers it, and their records. */
    public record Consenting(String purpose, long subjects, long records) {
    }

    /** One member of a dataset and the records it contributes. */
    public record Member(String subjectId, long records) {
    }

    private static final String COLUMNS = "d.id, d.provider_id, d.title, d.description, d.categories, "
            + "d.allowed_purposes, d.record_schema, d.licence_terms, d.revision, d.status, d.created_at, d.updated_at";

    /** Given consent that has not run out; the scope is matched by the caller. */
    private static final String LIVE = "p.status = 'GIVEN' AND (p.expires_at IS NULL OR p.expires_at > now())";

    private final Pool pool;

    public DatasetReadRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Dataset> byId(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM dataset d WHERE d.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : toDataset(rows.iterator().next()));
    }

    /** Published datasets matching every given filter, one page of them, and how many match in all. */
    public Uni<Found> search(Search s) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE d.status = 'PUBLISHED'");
        if (s.tsQuery() != null) {
            params.add(s.tsQuery()); // always $1, which RELEVANCE refers to
            where.append(" AND d.search @@ to_tsquery('english', $1)");
        } else if (s.sort() == SortField.RELEVANCE) {
            throw new IllegalArgumentException("relevance needs a text query");
        }
        if (s.category() != null) {
            params.add(s.category());
            where.append(" AND string_to_array(d.categories, ',') @> ARRAY[$").append(params.size()).append("::text]");
        }
        if (s.purpose() != null) {
            params.add(s.purpose());
            where.append(" AND string_to_array(d.allowed_purposes, ',') @> ARRAY[$").append(params.size())
                    .append("::text]");
        }
        String direction = s.descending() ? " DESC" : " ASC";
        String order = " ORDER BY " + s.sort().expression + direction
                + (s.sort() == SortField.TITLE ? ", d.title" + direction : "") + ", d.id ASC";
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(s.size());
        pageParams.add((long) s.page() * s.size());
        String page = "SELECT " + COLUMNS + " FROM dataset d" + where + order
                + " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2);
        String count = "SELECT count(*) FROM dataset d" + where;
        return pool.preparedQuery(page).execute(Tuple.from(pageParams))
                .map(rows -> {
                    List<Dataset> items = new ArrayList<>();
                    rows.forEach(r -> items.add(toDataset(r)));
                    return items;
                })
                .chain(items -> pool.preparedQuery(count).execute(Tuple.from(params))
                        .map(rows -> new Found(items, rows.iterator().next().getLong(0))));
    }

    /** Declared members and their records, per dataset. */
    public Uni<Map<UUID, Totals>> memberTotals(List<UUID> datasetIds) {
        return pool.preparedQuery("""
                        SELECT dataset_id, count(*) AS subjects, coalesce(sum(records), 0) AS records
                          FROM dataset_member WHERE dataset_id = ANY($1) GROUP BY dataset_id""")
                .execute(Tuple.of(datasetIds.toArray(new UUID[0])))
                .map(rows -> {
                    Map<UUID, Totals> totals = new HashMap<>();
                    rows.forEach(r -> totals.put(r.getUUID("dataset_id"),
                            new Totals(r.getLong("subjects"), r.getLong("records"))));
                    return totals;
                });
    }

    /**
     * Per dataset and purpose: members whose projected consent is given, not expired, and scoped to
     * the dataset or to its provider. The UNION counts a subject with both scopes once.
     */
    public Uni<Map<UUID, Map<String, Consenting>>> consenting(List<UUID> datasetIds) {
        return pool.preparedQuery("""
                        SELECT c.dataset_id, c.purpose, count(*) AS subjects, coalesce(sum(m.records), 0) AS records
                          FROM (SELECT d.id AS dataset_id, p.subject_id, p.purpose
                                  FROM dataset d
                                  JOIN consent_projection p ON p.scope_type = 'DATASET' AND p.scope_id = d.id::text
                                 WHERE d.id = ANY($1) AND %1$s
                                UNION
                                SELECT d.id AS dataset_id, p.subject_id, p.purpose
                                  FROM dataset d
                                  JOIN consent_projection p ON p.scope_type = 'PROVIDER' AND p.scope_id = d.provider_id
                                 WHERE d.id = ANY($1) AND %1$s) c
                          JOIN dataset_member m ON m.dataset_id = c.dataset_id AND m.subject_id = c.subject_id
                         GROUP BY c.dataset_id, c.purpose""".formatted(LIVE))
                .execute(Tuple.of(datasetIds.toArray(new UUID[0])))
                .map(rows -> {
                    Map<UUID, Map<String, Consenting>> result = new HashMap<>();
                    rows.forEach(r -> result.computeIfAbsent(r.getUUID("dataset_id"), k -> new LinkedHashMap<>())
                            .put(r.getString("purpose"), new Consenting(r.getString("purpose"),
                                    r.getLong("subjects"), r.getLong("records"))));
                    return result;
                });
    }

    /** Members with a subject id after {@code after} (null: from the start), ascending, at most {@code limit}. */
    public Uni<List<Member>> members(UUID datasetId, String after, int limit) {
        return pool.preparedQuery("""
                        SELECT subject_id, records FROM dataset_member
                         WHERE dataset_id = $1 AND ($2::text IS NULL OR subject_id > $2::text)
                         ORDER BY subject_id LIMIT $3""")
                .execute(Tuple.of(datasetId, after, limit))
                .map(rows -> {
                    List<Member> members = new ArrayList<>(rows.size());
                    rows.forEach(r -> members.add(new Member(r.getString("subject_id"),
                            r.getLong("records"))));
                    return members;
                });
    }

    /** Whether the consumer holds a licence (bought, not refunded) for the dataset. */
    public Uni<Boolean> holdsLicence(UUID datasetId, String consumerId) {
        return pool.preparedQuery("""
                        SELECT EXISTS (SELECT 1 FROM licence
                                        WHERE dataset_id = $1 AND consumer_id = $2 AND NOT refunded) AS holds""")
                .execute(Tuple.of(datasetId.toString(), consumerId))
                .map(rows -> rows.iterator().next().getBoolean("holds"));
    }

    private static Dataset toDataset(Row r) {
        Dataset d = new Dataset();
        d.id = r.getUUID("id");
        d.providerId = r.getString("provider_id");
        d.title = r.getString("title");
        d.description = r.getString("description");
        d.categories = r.getString("categories");
        d.allowedPurposes = r.getString("allowed_purposes");
        d.recordSchema = r.getString("record_schema");
        d.licenceTerms = r.getString("licence_terms");
        d.revision = r.getLong("revision");
        d.status = Dataset.Status.valueOf(r.getString("status"));
        d.createdAt = r.getOffsetDateTime("created_at").toInstant();
        d.updatedAt = r.getOffsetDateTime("updated_at").toInstant();
        return d;
    }
}
