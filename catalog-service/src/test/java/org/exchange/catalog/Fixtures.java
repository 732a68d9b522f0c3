package org.exchange.catalog;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;

/** Shared test helpers: request bodies, a published dataset, and the rows a test counts most (through {@link Rows}). */
public final class Fixtures {

    private Fixtures() {
    }

    public static String newProvider() {
        return "provider-" + UUID.randomUUID();
    }

    public static String newSubject() {
        return "subject-" + UUID.randomUUID();
    }

    public static Map<String, Object> body(String title, List<String> purposes) {
        return body(title, "Daily step counts from consenting wearable users", List.of("steps", "heart-rate"), purposes);
    }

    public static Map<String, Object> body(String title, String description, List<String> categories,
                                           List<String> purposes) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("title", title);
        body.put("description", description);
        body.put("categories", categories);
        body.put("allowedPurposes", purposes);
        body.put("schema", new java.util.LinkedHashMap<>(Map.of("day", "date", "steps", "integer")));
        body.put("licenceTerms", "Use only for the licensed purpose; no re-identification.");
        return body;
    }

    /** Publishes a dataset as the provider and returns its id. */
    public static String publish(String provider, Map<String, Object> body) {
        return given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(body)
                .post("/api/datasets").then().statusCode(201).extract().path("id");
    }

    public static String publish(String provider, String title, List<String> purposes) {
        return publish(provider, body(title, purposes));
    }

    /** Rows {subjectId, records} as the membership endpoint takes them. */
    public static List<Map<String, Object>> rows(List<String> subjects, long records) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String s : subjects) {
            rows.add(Map.of("subjectId", s, "records", records));
        }
        return rows;
    }

    public static void declare(String provider, String datasetId, List<Map<String, Object>> rows) {
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(rows)
                .post("/api/datasets/" + datasetId + "/subjects").then().statusCode(200);
    }

    public static long members(Pool db, String datasetId) {
        return Rows.count(db, "SELECT count(*) FROM dataset_member WHERE dataset_id = $1", UUID.fromString(datasetId));
    }

    public static long events(Pool db, String datasetId) {
        return Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1", datasetId);
    }

    public static long datasetsOf(Pool db, String provider) {
        return Rows.count(db, "SELECT count(*) FROM dataset WHERE provider_id = $1", provider);
    }

    public static long revisions(Pool db, String datasetId) {
        return Rows.count(db, "SELECT count(*) FROM dataset_revision WHERE dataset_id = $1", UUID.fromString(datasetId));
    }
}
