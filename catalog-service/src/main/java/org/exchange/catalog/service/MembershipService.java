package org.exchange.catalog.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.config.CatalogConfig;
import org.exchange.catalog.repository.DatasetReadRepository;
import org.exchange.catalog.repository.MemberRepository;
import org.exchange.kit.db.DbFailures;
import org.exchange.kit.db.Locks;
import org.exchange.kit.service.ExchangeException;
import org.exchange.contract.Ids;

/**
 * Which pseudonymous subjects contribute how many records to a provider's dataset. A batch is
 * validated whole before anything is written, then written in one statement in one transaction:
 * it applies completely or not at all, and re-sending it changes nothing.
 */
@ApplicationScoped
public class MembershipService {

    /** One row of a batch as the provider sent it, not yet validated (either field, or the row, may be null). */
    public record Row(String subjectId, Long records) {
    }

    /**
     * What one upload did, and the dataset's membership after it.
     *
     * @param unchanged     rows that matched the current state (a re-sent batch is all unchanged)
     * @param skippedErased rows naming a subject who was erased; never added back
     */
    public record Declared(UUID datasetId, int received, int inserted, int updated, int unchanged, int skippedErased,
                           MemberRepository.Totals members) {
    }

    /** What one removal did ({@code removed}: real removals; strangers are ignored), and the membership after it. */
    public record Removed(UUID datasetId, int received, int removed, MemberRepository.Totals members) {
    }

    /** One keyset page of members, by subject id ascending; {@code next} is the {@code after} of the next page. */
    public record Page(List<DatasetReadRepository.Member> members, String next) {
    }

    /** Records per subject above this are certainly a mistake (and would risk overflowing sums). */
    static final long MAX_RECORDS = 1_000_000_000L;
    private static final Pattern ID = Pattern.compile(Ids.PATTERN);
    private static final int PROBLEMS_SHOWN = 5;

    private final Pool pool;
    private final MemberRepository members;
    private final DatasetReadRepository reads;
    private final CatalogConfig config;
    private final MeterRegistry meters;

    public MembershipService(Pool pool, MemberRepository members, DatasetReadRepository reads, CatalogConfig config,
                             MeterRegistry meters) {
        this.pool = pool;
        this.members = members;
        this.reads = reads;
        this.config = config;
        this.meters = meters;
    }

    /** Adds or updates members of the provider's own dataset. */
    public Uni<Declared> declare(String providerId, UUID datasetId, List<Row> rows) {
        checkBatchSize(rows);
        String[] subjectIds = new String[rows.size()];
        Long[] records = new Long[rows.size()];
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstRow = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row == null) {
                problems.add("[" + i + "] must be an object {subjectId, records}");
                continue;
            }
            checkSubjectId(row.subjectId(), "[" + i + "].subjectId", problems);
            if (row.records() == null) {
                problems.add("[" + i + "].records is required");
            } else if (row.records() < 1) {
                problems.add("[" + i + "].records must be at least 1");
            } else if (row.records() > MAX_RECORDS) {
                problems.add("[" + i + "].records must be at most " + MAX_RECORDS);
            }
            Integer first = row.subjectId() == null ? null : firstRow.putIfAbsent(row.subjectId(), i);
            if (first != null) {
                problems.add("[" + i + "].subjectId repeats the subject of [" + first + "]; each subject once per batch");
            }
            subjectIds[i] = row.subjectId();
            records[i] = row.records();
        }
        reject(problems);
        return inOwnDataset(providerId, datasetId, true, conn -> members.upsert(conn, datasetId, subjectIds, records)
                .chain(up -> members.total(conn, datasetId).map(total -> new Declared(datasetId,
                        rows.size(), up.inserted(), up.updated(), up.accepted() - up.inserted() - up.updated(),
                        rows.size() - up.accepted(), total))))
                .invoke(result -> {
                    meters.counter("exchange.catalog.members.written", "kind", "inserted").increment(result.inserted());
                    meters.counter("exchange.catalog.members.written", "kind", "updated").increment(result.updated());
                });
    }

    /** Removes members from the provider's own dataset; ids that are not members are ignored. */
    public Uni<Removed> remove(String providerId, UUID datasetId, List<String> subjectIds) {
        checkBatchSize(subjectIds);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < subjectIds.size(); i++) {
            checkSubjectId(subjectIds.get(i), "[" + i + "]", problems);
        }
        reject(problems);
        String[] ids = subjectIds.stream().distinct().toArray(String[]::new);
        return inOwnDataset(providerId, datasetId, false, conn -> members.remove(conn, datasetId, ids)
                .chain(removed -> members.total(conn, datasetId).map(total -> new Removed(
                        datasetId, subjectIds.size(), removed, total))))
                .invoke(result -> meters.counter("exchange.catalog.members.written", "kind", "removed")
                        .increment(result.removed()));
    }

    /** The owner's view of its members, keyset-paged like the internal API. */
    public Uni<Page> page(String providerId, UUID datasetId, String after, int limit) {
        return reads.byId(datasetId)
                .chain(d -> {
                    if (d == null || !d.providerId.equals(providerId)) {
                        return Uni.createFrom().failure(ExchangeException.notFound("dataset " + datasetId));
                    }
                    return membersPage(datasetId, after, limit);
                });
    }

    /** Members after {@code after}; {@code next} is null on the last page. */
    public Uni<Page> membersPage(UUID datasetId, String after, int limit) {
        // one row more than asked tells whether another page exists, so the last page says next: null
        return reads.members(datasetId, after, limit + 1).map(found -> {
            boolean more = found.size() > limit;
            List<DatasetReadRepository.Member> page = more ? found.subList(0, limit) : found;
            return new Page(List.copyOf(page), more ? page.get(page.size() - 1).subjectId() : null);
        });
    }

    private <T> Uni<T> inOwnDataset(String providerId, UUID datasetId, boolean mustBePublished,
                                    Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> Locks.sharedOn(conn, MemberRepository.ERASURE_LOCK)
                .chain(() -> members.ownerForShare(conn, datasetId))
                .chain(owner -> {
                    // another provider's dataset is answered exactly like a missing one: nothing leaks
                    if (owner == null || !owner.providerId().equals(providerId)) {
                        return Uni.createFrom().failure(ExchangeException.notFound("dataset " + datasetId));
                    }
                    if (mustBePublished && Dataset.Status.WITHDRAWN.name().equals(owner.status())) {
                        return Uni.createFrom().failure(ExchangeException.conflict(
                                "dataset " + datasetId + " is withdrawn; members can only be removed"));
                    }
                    return work.apply(conn);
                }))
                // a deadlock or serialisation failure rolled everything back: the batch can safely run again
                .onFailure(DbFailures::isRetryableConflict).retry().withBackOff(Duration.ofMillis(20)).atMost(3);
    }

    private void checkBatchSize(List<?> rows) {
        if (rows == null || rows.isEmpty()) {
            throw ExchangeException.invalid("the body must be a non-empty JSON array");
        }
        if (rows.size() > config.maxBatchRows()) {
            throw ExchangeException.invalid("at most " + config.maxBatchRows() + " rows per call, got " + rows.size()
                    + "; send the rest in further calls");
        }
    }

    private static void checkSubjectId(String id, String field, List<String> problems) {
        if (id == null) {
            problems.add(field + " is required");
        } else if (!ID.matcher(id).matches()) {
            problems.add(field + " " + Ids.MESSAGE);
        }
    }

    private static void reject(List<String> problems) {
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())));
            throw ExchangeException.invalid(problems.size() <= PROBLEMS_SHOWN ? shown
                    : shown + "; and " + (problems.size() - PROBLEMS_SHOWN) + " more problems");
        }
    }
}
