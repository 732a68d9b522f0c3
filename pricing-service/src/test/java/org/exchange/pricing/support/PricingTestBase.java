package org.exchange.pricing.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;

/**
 * The one fixture of the pricing tests: in-memory catalog and consent, the database (through the
 * reactive pool; counts and single rows with test-support's {@link Rows}), the API with test-support's
 * {@link Tokens}.
 */
public abstract class PricingTestBase {

    @Inject
    protected Pool db;

    @Inject
    protected FakeCatalog catalog;

    @Inject
    protected FakeConsent consent;

    protected static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A published dataset of {@code provider} allowing {@code purposes}. */
    protected String dataset(String provider, String... purposes) {
        String id = newId("ds");
        catalog.publish(id, provider, purposes);
        return id;
    }

    /** Adds {@code n} members with {@code records} records each, all consenting to {@code purpose}. */
    protected List<String> consentingMembers(String datasetId, int n, long records, String purpose, Long reserve) {
        List<String> subjects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = datasetId + "-subject-" + String.format("%06d", i);
            catalog.addMember(datasetId, s, records);
            consent.grantForDataset(s, datasetId, purpose, reserve);
            subjects.add(s);
        }
        return subjects;
    }

    protected static String priceBody(long pricePerRecord, String multipliers, long minimumPrice) {
        return """
                {"currency": "EUR", "pricePerRecord": %d, "purposeMultipliers": %s, "minimumPrice": %d}"""
                .formatted(pricePerRecord, multipliers, minimumPrice);
    }

    protected static void putPrice(String provider, String datasetId, String body) {
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(body)
                .put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
    }

    protected static Response postQuote(String consumer, String datasetId, String purpose) {
        return given().auth().oauth2(Tokens.consumer(consumer)).contentType(ContentType.JSON)
                .body("{\"datasetId\": \"%s\", \"purpose\": \"%s\"}".formatted(datasetId, purpose))
                .post("/api/quotes");
    }

    protected static String quote(String consumer, String datasetId, String purpose) {
        return postQuote(consumer, datasetId, purpose).then().statusCode(201).extract().path("id");
    }

    protected static Response postPurchase(String consumer, String key, String quoteId) {
        return given().auth().oauth2(Tokens.consumer(consumer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"quoteId\": \"%s\"}".formatted(quoteId))
                .post("/api/purchases");
    }

    /**
     * Every row {@code sql} reads, for assertions on a whole list (counts and single rows go
     * through test-support's {@link Rows}, which reads one row).
     */
    protected List<Row> select(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        db.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(30)).forEach(out::add);
        return out;
    }

    /** The first column of every row {@code sql} reads. */
    protected List<String> strings(String sql, Object... params) {
        return select(sql, params).stream().map(r -> r.getString(0)).toList();
    }
}
