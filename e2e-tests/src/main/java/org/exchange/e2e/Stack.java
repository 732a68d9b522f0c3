package org.exchange.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where the running stack is (./exchange up) and real Keycloak tokens for the demo users. */
public final class Stack {

    public static final String GATEWAY = System.getProperty("exchange.gateway", "http://127.0.0.1:8080");
    public static final String KEYCLOAK = System.getProperty("exchange.keycloak", "http://127.0.0.1:8180");
    public static final String DB = System.getProperty("exchange.db", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String KAFKA = System.getProperty("exchange.kafka", "127.0.0.1:9092");

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    /** A cached token is replaced this long before it expires (the realm's tokens live 15 min). */
    private static final long RENEW_SECONDS_BEFORE_EXPIRY = 60;

    private Stack() {
    }

    /** A real access token from the exchange realm (password grant of the public CLI client). */
    public static String token(String user) {
        return TOKENS.compute(user, (u, cached) -> cached != null
                && claims(cached).getLong("exp") - java.time.Instant.now().getEpochSecond() > RENEW_SECONDS_BEFORE_EXPIRY
                ? cached
                : given().baseUri(KEYCLOAK)
                        .formParam("grant_type", "password").formParam("client_id", "exchange-cli")
                        .formParam("username", u).formParam("password", u)
                        .post("/realms/exchange/protocol/openid-connect/token")
                        .then().statusCode(200).extract().path("access_token"));
    }

    public static RequestSpecification as(String user) {
        return given().baseUri(GATEWAY).auth().oauth2(token(user));
    }

    public static RequestSpecification anonymous() {
        return given().baseUri(GATEWAY);
    }

    /** The token's {@code sub}: the user's id everywhere in the exchange. */
    public static String idOf(String user) {
        return claims(token(user)).getString("sub");
    }

    private static io.restassured.path.json.JsonPath claims(String token) {
        String payload = token.split("\\.")[1];
        return io.restassured.path.json.JsonPath.from(
                new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Creates a realm user (password = name) with one realm role, unless it exists: for tests
     * that need actors of their own instead of the demo users.
     */
    public static void ensureUser(String user, String role) {
        String admin = given().baseUri(KEYCLOAK).formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        int created = given().baseUri(KEYCLOAK).auth().oauth2(admin).contentType("application/json")
                .body(Map.of("username", user, "enabled", true, "emailVerified", true, "firstName", "Test",
                        "lastName", "User", "email", user + "@example.invalid",
                        "credentials", List.of(Map.of("type", "password", "value", user, "temporary", false))))
                .post("/admin/realms/exchange/users").then().extract().statusCode();
        if (created == 409) {
            return;
        }
        if (created != 201) {
            throw new IllegalStateException("cannot create user " + user + ": " + created);
        }
        String id = given().baseUri(KEYCLOAK).auth().oauth2(admin).queryParam("username", user).queryParam("exact", true)
                .get("/admin/realms/exchange/users").then().statusCode(200).extract().path("[0].id");
        Map<?, ?> roleRepresentation = given().baseUri(KEYCLOAK).auth().oauth2(admin)
                .get("/admin/realms/exchange/roles/" + role).then().statusCode(200).extract().as(Map.class);
        given().baseUri(KEYCLOAK).auth().oauth2(admin).contentType("application/json").body(List.of(roleRepresentation))
                .post("/admin/realms/exchange/users/" + id + "/role-mappings/realm").then().statusCode(204);
    }

    public static Connection database(String name) throws SQLException {
        return DriverManager.getConnection(DB + name, "postgres", "");
    }
}
