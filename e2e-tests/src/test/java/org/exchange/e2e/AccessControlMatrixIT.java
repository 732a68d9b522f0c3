package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every public route x every role x own/other's resource, through the gateway with real tokens,
 * with the expected status of each cell. The actors are created fresh for each run (Keycloak
 * admin API), so balances and ownership are known exactly. Within a route the owner acts last,
 * so a state-changing call by the owner cannot hide a wrong answer to someone else.
 */
class AccessControlMatrixIT {

    enum Actor { ANONYMOUS, SUBJECT, OTHER_SUBJECT, PROVIDER, OTHER_PROVIDER, CONSUMER, OTHER_CONSUMER, AUDITOR, ADMIN }

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final Map<Actor, String> USERS = new LinkedHashMap<>();
    static String consentId;
    static String datasetId;
    static String quoteId;
    static String purchaseId;
    static String payoutId;

    @BeforeAll
    static void actorsAndTheirResources() {
        USERS.put(Actor.SUBJECT, "mx-subject-" + RUN);
        USERS.put(Actor.OTHER_SUBJECT, "mx-subject2-" + RUN);
        USERS.put(Actor.PROVIDER, "mx-provider-" + RUN);
        USERS.put(Actor.OTHER_PROVIDER, "mx-provider2-" + RUN);
        USERS.put(Actor.CONSUMER, "mx-consumer-" + RUN);
        USERS.put(Actor.OTHER_CONSUMER, "mx-consumer2-" + RUN);
        USERS.put(Actor.AUDITOR, "auditor");
        USERS.put(Actor.ADMIN, "mx-admin-" + RUN);
        Map<Actor, String> roles = Map.of(Actor.SUBJECT, "subject", Actor.OTHER_SUBJECT, "subject",
                Actor.PROVIDER, "provider", Actor.OTHER_PROVIDER, "provider", Actor.CONSUMER, "consumer",
                Actor.OTHER_CONSUMER, "consumer", Actor.ADMIN, "admin");
        roles.forEach((actor, role) -> Stack.ensureUser(USERS.get(actor), role));

        datasetId = as(Actor.PROVIDER).contentType(ContentType.JSON).body(datasetBody("Matrix " + RUN))
                .post("/api/datasets").then().statusCode(201).extract().path("id");
        consentId = as(Actor.SUBJECT).contentType(ContentType.JSON).body(Map.of("datasetId", datasetId,
                        "purpose", "ai-training", "dataCategories", List.of("steps")))
                .post("/api/consents").then().statusCode(201).extract().path("id");
        as(Actor.PROVIDER).contentType(ContentType.JSON)
                .body(List.of(Map.of("subjectId", Stack.idOf(USERS.get(Actor.SUBJECT)), "records", 10)))
                .post("/api/datasets/" + datasetId + "/subjects").then().statusCode(200);
        as(Actor.PROVIDER).contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 1000,
                "purposeMultipliers", Map.of(), "minimumPrice", 100)).put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
        quoteId = Story.eventually("pricing to know the dataset", () -> {
            Response r = as(Actor.CONSUMER).contentType(ContentType.JSON)
                    .body(Map.of("datasetId", datasetId, "purpose", "ai-training")).post("/api/quotes");
            return r.statusCode() == 201 ? r.path("id") : null;
        });
        purchaseId = as(Actor.CONSUMER).header("Idempotency-Key", "mx-" + RUN).contentType(ContentType.JSON)
                .body(Map.of("quoteId", quoteId)).post("/api/purchases").then().statusCode(201).extract().path("id");
        Story.eventually("the subject's earnings to become available", () -> {
            Number available = as(Actor.SUBJECT).get("/api/earnings").path("balance.available");
            return available != null && available.longValue() >= 1000 ? available : null;
        });
        payoutId = as(Actor.SUBJECT).header("Idempotency-Key", "mx-payout-" + RUN).contentType(ContentType.JSON)
                .body(Map.of("amount", 1000)).post("/api/payouts").then().statusCode(202).extract().path("id");
    }

    static Map<String, Object> datasetBody(String title) {
        return Map.of("title", title, "description", "access-control matrix fixture",
                "categories", List.of("steps"), "allowedPurposes", List.of("ai-training", "academic-research"),
                "schema", Map.of("steps", "integer"), "licenceTerms", "test only");
    }

    static RequestSpecification as(Actor actor) {
        return actor == Actor.ANONYMOUS ? Stack.anonymous() : Stack.as(USERS.get(actor));
    }

    /** One route: how to call it, and the expected status for each actor (every actor listed). */
    record Row(String method, String path, Object body, Map<Actor, Integer> expected) {
    }

    static Map<Actor, Integer> expect(int anonymous, int subject, int otherSubject, int provider, int otherProvider,
                                      int consumer, int otherConsumer, int auditor, int admin) {
        Map<Actor, Integer> m = new LinkedHashMap<>();
        m.put(Actor.ANONYMOUS, anonymous);
        m.put(Actor.AUDITOR, auditor);
        m.put(Actor.ADMIN, admin);
        m.put(Actor.OTHER_SUBJECT, otherSubject);
        m.put(Actor.OTHER_PROVIDER, otherProvider);
        m.put(Actor.OTHER_CONSUMER, otherConsumer);
        // owners last: their call may change the resource
        m.put(Actor.CONSUMER, consumer);
        m.put(Actor.PROVIDER, provider);
        m.put(Actor.SUBJECT, subject);
        return m;
    }

    List<Row> rows() {
        String c = "/api/consents/" + consentId;
        String d = "/api/datasets/" + datasetId;
        Map<String, Object> grant = Map.of("datasetId", datasetId, "purpose", "academic-research",
                "dataCategories", List.of("steps"));
        Map<String, Object> price = Map.of("currency", "EUR", "pricePerRecord", 1000, "purposeMultipliers", Map.of(),
                "minimumPrice", 100);
        List<Row> rows = new ArrayList<>();
        //                                            anon subj  subj2 prov  prov2 cons  cons2 audit admin
        rows.add(new Row("GET", "/api/purposes", null, expect(401, 200, 200, 200, 200, 200, 200, 200, 200)));
        // public documents: anyone may verify a receipt or an event, no token needed
        rows.add(new Row("GET", "/api/receipts/keys", null, expect(200, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("GET", "/api/events/keys", null, expect(200, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("GET", "/api/events/schemas/purchase.completed", null,
                expect(200, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("GET", "/api/events/schemas/money.minted", null,
                expect(404, 404, 404, 404, 404, 404, 404, 404, 404)));
        rows.add(new Row("GET", "/api/consents", null, expect(401, 200, 200, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("POST", "/api/consents", grant, expect(401, 201, 201, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("GET", c, null, expect(401, 200, 404, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("GET", c + "/history", null, expect(401, 200, 404, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("GET", c + "/receipt", null, expect(401, 200, 404, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("GET", "/api/me/export", null, expect(401, 200, 200, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("GET", "/api/audit/consent-chains", null, expect(401, 403, 403, 403, 403, 403, 403, 200, 403)));
        rows.add(new Row("GET", "/api/datasets", null, expect(401, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("GET", d, null, expect(401, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("POST", "/api/datasets", datasetBody("Matrix extra " + RUN),
                expect(401, 403, 403, 201, 201, 403, 403, 403, 403)));
        rows.add(new Row("PUT", d, datasetBody("Matrix " + RUN + " v2"), expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("GET", d + "/revisions", null, expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("GET", d + "/subjects", null, expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("POST", d + "/subjects", List.of(Map.of("subjectId", "mx-extra-" + RUN, "records", 3)),
                expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("DELETE", d + "/subjects", List.of("mx-extra-" + RUN),
                expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("PUT", d + "/price", price, expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("GET", d + "/price", null, expect(401, 200, 200, 200, 200, 200, 200, 200, 200)));
        rows.add(new Row("POST", "/api/quotes", Map.of("datasetId", datasetId, "purpose", "ai-training"),
                expect(401, 403, 403, 403, 403, 201, 201, 403, 403)));
        rows.add(new Row("GET", "/api/quotes/" + quoteId, null, expect(401, 403, 403, 403, 403, 200, 404, 403, 403)));
        rows.add(new Row("GET", "/api/purchases", null, expect(401, 403, 403, 403, 403, 200, 200, 403, 403)));
        rows.add(new Row("GET", "/api/purchases/" + purchaseId, null, expect(401, 403, 403, 403, 403, 200, 404, 403, 403)));
        rows.add(new Row("GET", "/api/purchases/" + purchaseId + "/cohort", null,
                expect(401, 403, 403, 403, 403, 200, 404, 403, 403)));
        rows.add(new Row("GET", "/api/purchases/" + purchaseId + "/withdrawals", null,
                expect(401, 403, 403, 403, 403, 200, 404, 403, 403)));
        rows.add(new Row("GET", "/api/earnings", null, expect(401, 200, 200, 200, 200, 403, 403, 403, 403)));
        rows.add(new Row("GET", "/api/payouts/" + payoutId, null, expect(401, 200, 404, 404, 404, 403, 403, 403, 403)));
        rows.add(new Row("GET", "/api/ledger/verify", null, expect(401, 403, 403, 403, 403, 403, 403, 200, 403)));
        rows.add(new Row("POST", "/api/purchases/" + purchaseId + "/refund", Map.of("reason", "matrix"),
                expect(401, 403, 403, 403, 403, 403, 403, 403, 200)));
        rows.add(new Row("POST", c + "/revoke", null, expect(401, 200, 404, 403, 403, 403, 403, 403, 403)));
        rows.add(new Row("POST", d + "/withdraw", null, expect(401, 403, 403, 200, 404, 403, 403, 403, 403)));
        rows.add(new Row("DELETE", "/api/me", null, expect(401, 200, 200, 403, 403, 403, 403, 403, 403)));
        return rows;
    }

    @Test
    void everyRouteAnswersEveryRoleAsExpected() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Row row : rows()) {
            assertThat(row.expected()).as(row.method() + " " + row.path() + " lists every actor")
                    .containsOnlyKeys(Actor.values());
            for (Map.Entry<Actor, Integer> cell : row.expected().entrySet()) {
                RequestSpecification request = as(cell.getKey()).header("Idempotency-Key", "mx-" + UUID.randomUUID());
                if (row.body() != null) {
                    request = request.contentType(ContentType.JSON).body(row.body());
                }
                Response response = request.request(row.method(), row.path());
                cells++;
                if (response.statusCode() != cell.getValue()) {
                    wrong.add(row.method() + " " + row.path() + " as " + cell.getKey() + ": expected " + cell.getValue()
                            + ", got " + response.statusCode() + " " + response.asString());
                }
                if (response.statusCode() >= 400) {
                    assertThat(response.contentType()).as(row.method() + " " + row.path() + " as " + cell.getKey())
                            .startsWith("application/problem+json");
                }
            }
        }
        assertThat(wrong).as("cells that answered wrongly (of %d)", cells).isEmpty();
    }
}
