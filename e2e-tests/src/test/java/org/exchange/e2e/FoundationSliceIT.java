package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** One real call per service through the gateway with real tokens, and one event across services. */
class FoundationSliceIT {

    @Test
    void everyServiceAnswersThroughTheGatewayWithARealToken() {
        Stack.as("alice").get("/api/consents").then().statusCode(200).body("items", notNullValue());
        Stack.as("ai-lab").get("/api/datasets").then().statusCode(200).body("items", notNullValue());
        Stack.as("ai-lab").get("/api/purchases").then().statusCode(200).body("items", notNullValue());
        Stack.as("alice").get("/api/earnings").then().statusCode(200).body("currency", equalTo("EUR"));
    }

    @Test
    void requestsWithoutAValidTokenAre401AndNeverReachAService() {
        Stack.anonymous().get("/api/consents").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        Stack.anonymous().auth().oauth2(Tokens.subject(Stack.idOf("alice"))).get("/api/consents")
                .then().statusCode(401).contentType("application/problem+json");
        String real = Stack.token("alice");
        String[] parts = real.split("\\.");
        Stack.anonymous().auth().oauth2(parts[0] + "." + parts[1] + "x." + parts[2]).get("/api/consents")
                .then().statusCode(401);
    }

    @Test
    void aWrongRoleIsRefusedAtTheGateway() {
        Stack.as("ai-lab").get("/api/consents").then().statusCode(403).contentType("application/problem+json");
        Stack.as("alice").get("/api/purchases").then().statusCode(403);
        Stack.as("alice").get("/api/ledger/verify").then().statusCode(403);
    }

    @Test
    void aConsentGrantedAtConsentServiceReachesTheCatalogThroughKafka() throws Exception {
        String id = Stack.as("bob").contentType(ContentType.JSON)
                .body("{\"providerId\": \"" + Stack.idOf("acme-health") + "\", \"purpose\": \"academic-research\","
                        + " \"dataCategories\": [\"steps\"]}")
                .post("/api/consents").then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Connection c = Stack.database("exchange_catalog");
                 PreparedStatement q = c.prepareStatement(
                         "SELECT subject_id, status FROM consent_projection WHERE consent_id = ?::uuid")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).as("catalog has projected consent " + id).isTrue();
                    assertThat(rs.getString("subject_id")).isEqualTo(Stack.idOf("bob"));
                    assertThat(rs.getString("status")).isEqualTo("GIVEN");
                }
            }
        });
    }
}
