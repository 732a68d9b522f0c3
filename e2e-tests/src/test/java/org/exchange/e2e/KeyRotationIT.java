package org.exchange.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keycloak starts signing with a new key: tokens carrying the new key id are accepted by the
 * gateway and by the service behind it without restarting anything, because an unknown key id
 * makes them fetch the realm's JWKS again (at most once a minute, {@code
 * smallrye.jwt.jwks.forced-refresh-interval=1}). The added key is removed afterwards, so the realm
 * is left as it was.
 */
class KeyRotationIT {

    private static final Duration PICKED_UP_WITHIN = Duration.ofSeconds(90);

    @Test
    void aNewSigningKeyIsAcceptedWithoutARestart() throws Exception {
        String admin = adminToken();
        String realmId = given().baseUri(Stack.KEYCLOAK).auth().oauth2(admin).get("/admin/realms/exchange")
                .then().statusCode(200).extract().path("id");
        String signedWithTheOldKey = freshToken("alice");
        String before = keyIdOf(signedWithTheOldKey);

        String location = given().baseUri(Stack.KEYCLOAK).auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", "rotation-test-" + System.nanoTime(), "providerId", "rsa-generated",
                        "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                        "config", Map.of("priority", List.of("1000000"), "keySize", List.of("2048"),
                                "enabled", List.of("true"), "active", List.of("true"), "algorithm", List.of("RS256"))))
                .post("/admin/realms/exchange/components").then().statusCode(201).extract().header("Location");
        try {
            String rotated = freshToken("alice");
            assertThat(keyIdOf(rotated)).as("Keycloak signs with the new key").isNotEqualTo(before);

            Instant deadline = Instant.now().plus(PICKED_UP_WITHIN);
            int status;
            do {
                status = Stack.anonymous().auth().oauth2(rotated).get("/api/consents").statusCode();
                if (status != 200) {
                    Thread.sleep(2_000);
                }
            } while (status != 200 && Instant.now().isBefore(deadline));
            assertThat(status).as("a token signed with the new key, through the gateway to consent-service")
                    .isEqualTo(200);
            // tokens signed with the old key stay valid while it is still published
            Stack.anonymous().auth().oauth2(signedWithTheOldKey).get("/api/consents").then().statusCode(200);
        } finally {
            given().baseUri(Stack.KEYCLOAK).auth().oauth2(adminToken()).delete(location).then().statusCode(204);
        }
    }

    private static String adminToken() {
        return given().baseUri(Stack.KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    /** A token issued now, not the one {@link Stack} keeps for the user. */
    private static String freshToken(String user) {
        return given().baseUri(Stack.KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "exchange-cli")
                .formParam("username", user).formParam("password", user)
                .post("/realms/exchange/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    private static String keyIdOf(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return JsonPath.from(header).getString("kid");
    }
}
