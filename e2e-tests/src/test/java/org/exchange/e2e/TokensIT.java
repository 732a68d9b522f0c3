package org.exchange.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Every kind of bad token is 401 at the gateway, with real Keycloak tokens as the raw material. */
class TokensIT {

    static String realToken() {
        return Stack.token("alice");
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String payloadOf(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    static void rejected(String token) {
        Stack.anonymous().header("Authorization", "Bearer " + token).get("/api/consents")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void noTokenIs401() {
        Stack.anonymous().get("/api/consents").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTamperedRealTokenIs401() {
        String[] parts = realToken().split("\\.");
        String escalated = payloadOf(realToken()).replace("\"subject\"", "\"admin\"");
        rejected(parts[0] + "." + b64(escalated) + "." + parts[2]);
    }

    @Test
    void anUnsignedTokenIs401() {
        rejected(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payloadOf(realToken())) + ".");
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyIs401() throws Exception {
        // the classic algorithm-confusion attack: HMAC keyed with the realm's public key material
        String jwks = given().baseUri(Stack.KEYCLOAK).get("/realms/exchange/protocol/openid-connect/certs").asString();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String body = b64(payloadOf(realToken()));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(jwks.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
        rejected(header + "." + body + "." + signature);
    }

    @Test
    void aTokenFromAnotherRealmIs401() {
        String master = given().baseUri(Stack.KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        rejected(master);
    }

    @Test
    void aRealTokenForAnotherAudienceIs401() {
        // the realm's built-in admin-cli client issues validly signed tokens without the API audience
        String other = given().baseUri(Stack.KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "alice").formParam("password", "alice")
                .post("/realms/exchange/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        rejected(other);
    }

    @Test
    void expiredWrongIssuerAndForeignKeyTokensAre401() {
        String alice = Stack.idOf("alice");
        rejected(Tokens.expired(alice, "subject"));
        rejected(Tokens.wrongIssuer(alice, "subject"));
        rejected(Tokens.signedByAnotherKey(alice, "subject"));
    }
}
