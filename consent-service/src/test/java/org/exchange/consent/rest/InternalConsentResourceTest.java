package org.exchange.consent.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InternalConsentResourceTest {

    static final String SERVICE = Tokens.service("pricing-service");

    @Inject
    Pool db;

    static String grant(String subject, String scopeField, String scopeId, String purpose, Long minPrice) {
        return given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"" + scopeField + "\": \"" + scopeId + "\", \"purpose\": \"" + purpose
                        + "\", \"dataCategories\": [\"steps\"]" + (minPrice == null ? "" : ", \"minPricePerRecord\": " + minPrice)
                        + "}")
                .post("/api/consents").then().statusCode(201).extract().path("id");
    }

    static void revoke(String subject, String id) {
        given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke").then().statusCode(200);
    }

    static Map<String, Map<String, Object>> confirm(String dataset, String provider, String purpose, List<String> subjects) {
        List<Map<String, Object>> confirmed = given().auth().oauth2(SERVICE).contentType(ContentType.JSON)
                .body(Map.of("datasetId", dataset, "providerId", provider, "purpose", purpose, "subjectIds", subjects))
                .post("/internal/consents/confirm").then().statusCode(200).extract().path("confirmed");
        Map<String, Map<String, Object>> bySubject = new HashMap<>();
        confirmed.forEach(c -> bySubject.put((String) c.get("subjectId"), c));
        assertThat(bySubject).as("each subject confirmed at most once").hasSameSizeAs(confirmed);
        return bySubject;
    }

    @Test
    void confirmsOnlySubjectsWhoConsentNowForThisDatasetOrItsProvider() {
        String provider = "prov-" + UUID.randomUUID();
        String dataset = "ds-" + UUID.randomUUID();
        String byDataset = "s-" + UUID.randomUUID();
        String byProvider = "s-" + UUID.randomUUID();
        String otherPurpose = "s-" + UUID.randomUUID();
        String otherDataset = "s-" + UUID.randomUUID();
        String revoked = "s-" + UUID.randomUUID();
        String never = "s-" + UUID.randomUUID();
        String both = "s-" + UUID.randomUUID();

        String datasetConsent = grant(byDataset, "datasetId", dataset, "ai-training", 7L);
        grant(byProvider, "providerId", provider, "ai-training", null);
        grant(otherPurpose, "datasetId", dataset, "personalised-advertising", null);
        grant(otherDataset, "datasetId", "ds-elsewhere", "ai-training", null);
        revoke(revoked, grant(revoked, "datasetId", dataset, "ai-training", null));
        grant(both, "providerId", provider, "ai-training", null);
        String bothDataset = grant(both, "datasetId", dataset, "ai-training", 3L);

        Map<String, Map<String, Object>> confirmed = confirm(dataset, provider, "ai-training",
                List.of(byDataset, byProvider, otherPurpose, otherDataset, revoked, never, both));

        assertThat(confirmed.keySet()).containsExactlyInAnyOrder(byDataset, byProvider, both);
        assertThat(confirmed.get(byDataset)).containsEntry("consentId", datasetConsent).containsEntry("version", 1)
                .containsEntry("minPricePerRecord", 7);
        assertThat(confirmed.get(both)).as("the dataset-scoped consent wins").containsEntry("consentId", bothDataset);
    }

    @Test
    void aConsentPastItsExpiryIsNotConfirmedEvenBeforeTheExpiryJobRuns() {
        String dataset = "ds-" + UUID.randomUUID();
        String subject = "s-" + UUID.randomUUID();
        String id = grant(subject, "datasetId", dataset, "ai-training", null);
        Rows.exec(db, "UPDATE consent SET expires_at = now() - interval '1 second' WHERE id = $1", UUID.fromString(id));

        assertThat(confirm(dataset, "any-provider", "ai-training", List.of(subject))).isEmpty();
    }

    @Test
    void randomGrantsAndRevocationsAlwaysConfirmExactlyTheCurrentlyConsentingSubjects() {
        Random random = new Random(20261124L);
        String provider = "prov-" + UUID.randomUUID();
        String dataset = "ds-" + UUID.randomUUID();
        List<String> subjects = IntStream.range(0, 12).mapToObj(i -> "s-" + UUID.randomUUID()).toList();
        Map<String, String> consentIds = new HashMap<>();
        Set<String> consenting = new HashSet<>();
        for (int step = 0; step < 60; step++) {
            String subject = subjects.get(random.nextInt(subjects.size()));
            if (random.nextBoolean()) {
                consentIds.put(subject, grant(subject, "datasetId", dataset, "academic-research", null));
                consenting.add(subject);
            } else if (consentIds.containsKey(subject)) {
                revoke(subject, consentIds.get(subject));
                consenting.remove(subject);
            }
            if (step % 5 == 4) {
                assertThat(confirm(dataset, provider, "academic-research", subjects).keySet())
                        .as("after step %d", step).isEqualTo(consenting);
            }
        }
    }

    @Test
    void confirmsTwentyThousandSubjectsInOneCall() {
        List<String> many = new ArrayList<>(IntStream.range(0, 19_999).mapToObj(i -> "nobody-" + i).toList());
        String dataset = "ds-" + UUID.randomUUID();
        String subject = "s-" + UUID.randomUUID();
        grant(subject, "datasetId", dataset, "ai-training", null);
        many.add(subject);
        assertThat(confirm(dataset, "p", "ai-training", many).keySet()).containsExactly(subject);
    }

    @Test
    void badRequestsAre400() {
        List<String> tooMany = IntStream.range(0, 20_001).mapToObj(i -> "s" + i).collect(Collectors.toList());
        Object[] bodies = {
                Map.of("datasetId", "d", "providerId", "p", "purpose", "ai-training", "subjectIds", tooMany),
                Map.of("datasetId", "d", "providerId", "p", "purpose", "mind-reading", "subjectIds", List.of("s")),
                Map.of("datasetId", "d", "providerId", "p", "purpose", "ai-training", "subjectIds", List.of()),
                Map.of("datasetId", "d", "purpose", "ai-training", "subjectIds", List.of("s")),
                Map.of("datasetId", "d", "providerId", "p", "purpose", "ai-training", "subjectIds", List.of("x".repeat(101))),
        };
        for (Object body : bodies) {
            given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body(body)
                    .post("/internal/consents/confirm").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void onlyServicesMayConfirm() {
        Map<String, Object> body = Map.of("datasetId", "d", "providerId", "p", "purpose", "ai-training",
                "subjectIds", List.of("s"));
        for (String token : new String[]{Tokens.subject("s"), Tokens.consumer("c"), Tokens.provider("p"),
                Tokens.auditor("a")}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/internal/consents/confirm").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).post("/internal/consents/confirm").then().statusCode(401);
        given().auth().oauth2(Tokens.signedByAnotherKey("pricing", "service")).contentType(ContentType.JSON).body(body)
                .post("/internal/consents/confirm").then().statusCode(401).body("status", equalTo(401));
    }
}
