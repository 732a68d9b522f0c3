package org.exchange.kit.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Set-based writes of many rows (a 100,000-member cohort, a split's 100,003 postings), written
 * once for every service (docs/data-access.md): the rows go in batches, each batch as one JSON
 * array parameter that the statement unnests with {@link #RECORDS}, e.g.
 * <pre>INSERT INTO quote_member (quote_id, subject_id, records)
 * SELECT ?1, x.s, x.r FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb)) AS x(s text, r bigint)</pre>
 * One statement per batch, run one after the other in the caller's transaction; never one per row.
 */
public final class JsonRows {

    /** Rows per statement unless told otherwise. */
    public static final int BATCH = 5_000;
    /** {@code jsonb_to_recordset} of a text parameter; format with the parameter, e.g. {@code "?2"} or {@code "$2"}. */
    public static final String RECORDS = "jsonb_to_recordset(CAST(CAST(%s AS text) AS jsonb))";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonRows() {
    }

    /**
     * Writes {@code rows} in batches of {@code batch}: {@code fields} puts one row's fields into its
     * JSON object, {@code statement} runs the statement for one batch's JSON text; emits the sum of
     * the statements' counts.
     */
    public static <T> Uni<Integer> write(List<T> rows, int batch, BiConsumer<T, ObjectNode> fields,
                                         Function<String, Uni<Integer>> statement) {
        int batches = (rows.size() + batch - 1) / batch;
        return Multi.createFrom().range(0, batches)
                .onItem().transformToUniAndConcatenate(b -> statement.apply(
                        json(rows.subList(b * batch, Math.min(rows.size(), (b + 1) * batch)), fields)))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    public static <T> Uni<Integer> write(List<T> rows, BiConsumer<T, ObjectNode> fields,
                                         Function<String, Uni<Integer>> statement) {
        return write(rows, BATCH, fields, statement);
    }

    /** One batch as a JSON array text. */
    public static <T> String json(List<T> rows, BiConsumer<T, ObjectNode> fields) {
        ArrayNode array = MAPPER.createArrayNode();
        for (T row : rows) {
            fields.accept(row, array.addObject());
        }
        return array.toString();
    }

    /** {@link #RECORDS} of parameter {@code parameter}. */
    public static String records(String parameter) {
        return String.format(RECORDS, parameter);
    }
}
