package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Art. 17 for a subject who had earnings: their consent records are gone everywhere, the other
 * services act on subject.erased, the ledger still verifies, and an export shows nothing personal.
 */
class ErasureIT {

    @Test
    void erasingASubjectWithEarningsKeepsTheLedgerWholeAndLeavesNothingPersonal() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String user = "er-subject-" + run;
        Stack.ensureUser(user, "subject");
        String subjectId = Stack.idOf(user);

        String datasetId = Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("title", "Erasure " + run,
                        "description", "erasure fixture", "categories", List.of("steps"),
                        "allowedPurposes", List.of("ai-training"), "schema", Map.of("steps", "integer"),
                        "licenceTerms", "test only"))
                .post("/api/datasets").then().statusCode(201).extract().path("id");
        Stack.as(user).contentType(ContentType.JSON)
                .body(Map.of("datasetId", datasetId, "purpose", "ai-training", "dataCategories", List.of("steps")))
                .post("/api/consents").then().statusCode(201);
        Stack.as("acme-health").contentType(ContentType.JSON).body(List.of(Map.of("subjectId", subjectId, "records", 10)))
                .post("/api/datasets/" + datasetId + "/subjects").then().statusCode(200);
        Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 100,
                "purposeMultipliers", Map.of(), "minimumPrice", 100)).put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
        String quoteId = Story.eventually("a quote", () -> {
            Response r = Stack.as("ai-lab").contentType(ContentType.JSON)
                    .body(Map.of("datasetId", datasetId, "purpose", "ai-training")).post("/api/quotes");
            return r.statusCode() == 201 ? r.<String>path("id") : null;
        });
        String purchaseId = Stack.as("ai-lab").header("Idempotency-Key", "er-" + run).contentType(ContentType.JSON)
                .body(Map.of("quoteId", quoteId)).post("/api/purchases").then().statusCode(201).extract().path("id");
        Story.eventually("the subject's earnings", () -> {
            List<Map<String, Object>> lines = Stack.as(user).get("/api/earnings").then().extract().path("lines");
            return lines.stream().anyMatch(l -> purchaseId.equals(l.get("purchaseId"))) ? lines : null;
        });

        Stack.as(user).delete("/api/me").then().statusCode(200).body("consentsErased", equalTo(1));

        Stack.as(user).get("/api/me/export").then().statusCode(200)
                .body("consents", hasSize(0)).body("history", hasSize(0));
        Stack.as(user).get("/api/consents").then().statusCode(200).body("total", equalTo(0));
        Story.eventually("the catalog to drop the subject from the dataset", () -> {
            List<String> members = Stack.as("acme-health").get("/api/datasets/" + datasetId + "/subjects")
                    .then().statusCode(200).extract().path("members.subjectId");
            return members != null && !members.contains(subjectId) ? members : null;
        });
        boolean balanced = Stack.as("auditor").get("/api/ledger/verify").then().statusCode(200).extract().path("balanced");
        assertThat(balanced).as("the ledger still verifies after the erasure").isTrue();
        boolean chains = Stack.as("auditor").get("/api/audit/consent-chains").then().statusCode(200).extract().path("verified");
        assertThat(chains).as("every remaining consent chain verifies").isTrue();
    }
}
