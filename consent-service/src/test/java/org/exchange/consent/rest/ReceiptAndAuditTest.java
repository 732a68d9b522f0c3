package org.exchange.consent.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReceiptAndAuditTest {

    @Inject
    Pool db;

    static String verifiedPayload(String jws) throws Exception {
        String jwks = given().auth().oauth2(Tokens.subject("anyone")).get("/api/receipts/keys")
                .then().statusCode(200).extract().asString();
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(jws);
        signature.setKey(new VerificationJwkSelector().select(signature, new JsonWebKeySet(jwks).getJsonWebKeys()).getKey());
        assertThat(signature.verifySignature()).as("receipt signature verifies with the published key").isTrue();
        return signature.getPayload();
    }

    @Test
    void aGrantAndItsWithdrawalEachHaveASignedReceiptTiedToTheHistory() throws Exception {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke").then().statusCode(200);
        List<String> hashes = given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/history")
                .then().extract().path("hash");

        String granted = given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt?version=1")
                .then().statusCode(200).extract().path("jws");
        JsonPath grant = JsonPath.from(verifiedPayload(granted));
        assertThat(grant.getString("version")).isEqualTo("KI-CR-v1.1.0");
        assertThat(grant.getString("piiPrincipalId")).isEqualTo(subject);
        assertThat(grant.getString("jurisdiction")).isEqualTo("EU");
        assertThat(grant.getString("consentStatus")).isEqualTo("GIVEN");
        assertThat(grant.getString("services[0].purposes[0].purpose")).isEqualTo("ai-training");
        assertThat(grant.getList("services[0].purposes[0].piiCategory")).containsExactly("health-records", "steps");
        assertThat(grant.getString("services[0].purposes[0].termination")).contains("withdrawn");
        assertThat(grant.getString("historyHash")).isEqualTo(hashes.get(0));
        assertThat(grant.getString("consentReceiptID")).isNotBlank();
        assertThat(grant.getLong("consentTimestamp")).isPositive();

        String withdrawn = given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt")
                .then().statusCode(200).extract().path("jws");
        JsonPath revocation = JsonPath.from(verifiedPayload(withdrawn));
        assertThat(revocation.getString("consentStatus")).isEqualTo("WITHDRAWN");
        assertThat(revocation.getString("historyHash")).isEqualTo(hashes.get(1));
        assertThat(revocation.getString("consentReceiptID")).isNotEqualTo(grant.getString("consentReceiptID"));
    }

    @Test
    void anEditedReceiptDoesNotVerify() throws Exception {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        String jws = given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt")
                .then().extract().path("jws");
        assertThat(verifiedPayload(jws)).as("the genuine receipt verifies").contains("ai-training");
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("ai-training", "personalised-advertising");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> verifiedPayload(forged)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("receipt signature verifies");
    }

    @Test
    void receiptsOfAnotherSubjectOrUnknownVersionsAreNotFound() {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        given().auth().oauth2(Tokens.subject("s-" + UUID.randomUUID())).get("/api/consents/" + id + "/receipt")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt?version=9")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt?version=0")
                .then().statusCode(400);
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/receipt?version=two")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("version"));
    }

    @Test
    void historyRowsCannotBeUpdatedInPlace() {
        String subject = "s-" + UUID.randomUUID();
        ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        assertThatThrownBy(() -> Rows.exec(db, "UPDATE consent_history SET purpose = 'x' WHERE subject_id = $1", subject))
                .hasMessageContaining("append-only");
    }

    @Test
    void historyRowsCannotBeDeletedOrTruncatedOutsideAnErasure() {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke").then().statusCode(200);
        // cutting off the newest entry would leave a chain that still verifies: the database refuses
        assertThatThrownBy(() -> Rows.exec(db, "DELETE FROM consent_history WHERE subject_id = $1 AND version = 2", subject))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> Rows.exec(db, "TRUNCATE consent_history"))
                .hasMessageContaining("append-only");
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_history WHERE subject_id = $1", subject)).isEqualTo(2);
        // the subject's erasure still takes the whole chain
        given().auth().oauth2(Tokens.subject(subject)).delete("/api/me").then().statusCode(200);
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_history WHERE subject_id = $1", subject)).isZero();
    }

    @Test
    void theAuditorFindsAnEditedHistoryRowAndNamesIt() {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke").then().statusCode(200);
        given().auth().oauth2(Tokens.auditor("auditor")).get("/api/audit/consent-chains")
                .then().statusCode(200).body("verified", equalTo(true));

        // someone with database superuser rights bypasses the trigger and rewrites the grant
        db.withTransaction(conn -> conn.query("ALTER TABLE consent_history DISABLE TRIGGER consent_history_no_update").execute()
                .chain(() -> conn.preparedQuery("UPDATE consent_history SET purpose = 'academic-research' "
                        + "WHERE subject_id = $1 AND version = 1").execute(Tuple.of(subject)))
                .chain(() -> conn.query("ALTER TABLE consent_history ENABLE TRIGGER consent_history_no_update").execute()))
                .await().indefinitely();
        try {
            Map<String, Object> report = given().auth().oauth2(Tokens.auditor("auditor")).get("/api/audit/consent-chains")
                    .then().statusCode(200).body("verified", equalTo(false)).extract().path("");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> breaks = (List<Map<String, Object>>) report.get("breaks");
            assertThat(breaks).anySatisfy(b -> {
                assertThat(b.get("subjectId")).isEqualTo(subject);
                assertThat((String) b.get("reason")).contains("hash");
            });
        } finally {
            db.withTransaction(conn -> conn.query("SELECT set_config('exchange.erasure', 'on', true)").execute()
                            .chain(() -> conn.preparedQuery("DELETE FROM consent_history WHERE subject_id = $1")
                                    .execute(Tuple.of(subject))))
                    .await().indefinitely();
        }
    }

    @Test
    void onlyAuditorsMayVerifyChains() {
        given().auth().oauth2(Tokens.subject("s")).get("/api/audit/consent-chains").then().statusCode(403);
        given().auth().oauth2(Tokens.consumer("c")).get("/api/audit/consent-chains").then().statusCode(403);
        given().get("/api/audit/consent-chains").then().statusCode(401);
    }
}
