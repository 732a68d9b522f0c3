package org.exchange.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where the running stack is (./exchange up) and real Keycloak tokens for the demo users. */
public final class Stack {

    public static final String GATEWAY = System.getProperty("exchange.gateway", "http://127.0.0.1:8080");
    public static final String KEYCLOAK = System.getProperty("exchange.keycloak", "http://127.0.0.1:8180");
    public static final String DB = System.getProperty("exchange.db", "jdbc:postgresql://127.0.0.1:5432/");
    public static final String KAFKA = System.getProperty("exchange.kafka", "127.0.0.1:9092");

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Stack() {
    }

    /** A real access token from the exchange realm (password grant of the public CLI client). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().baseUri(KEYCLOAK)
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
        String payload = token(user).split("\\.")[1];
        String json = new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getString("sub");
    }

    public static Connection database(String name) throws SQLException {
        return DriverManager.getConnection(DB + name, "postgres", "");
    }
}
