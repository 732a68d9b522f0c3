package org.exchange.pricing.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exchange.testing.Tokens;

/** Shared helpers for the pricing tests: in-memory catalog and consent, the database, the API. */
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

    protected long rows(String sql, Object... params) {
        return db.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }

    protected List<Row> select(String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        db.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().forEach(out::add);
        return out;
    }

    protected List<String> strings(String sql, Object... params) {
        return select(sql, params).stream().map(r -> r.getString(0)).toList();
    }
}
