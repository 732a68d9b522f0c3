package org.exchange.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Mints tokens shaped like Keycloak's (realm roles under realm_access/roles, audience
 * exchange-api) signed with a test-only key, plus the broken kinds every security test needs.
 * The services' test profile trusts only {@code test-keys/publicKey.pem}.
 */
public final class Tokens {

    public static final String ISSUER = "https://test.exchange/realms/exchange";
    public static final String AUDIENCE = "exchange-api";

    private static final PrivateKey KEY = load("test-keys/privateKey.pem");
    private static final PrivateKey FOREIGN_KEY = load("test-keys/foreignPrivateKey.pem");

    private Tokens() {
    }

    public static String of(String sub, String... roles) {
        return claims(sub, roles).sign(KEY);
    }

    public static String subject(String sub) {
        return of(sub, "subject");
    }

    public static String provider(String sub) {
        return of(sub, "provider");
    }

    public static String consumer(String sub) {
        return of(sub, "consumer");
    }

    public static String auditor(String sub) {
        return of(sub, "auditor");
    }

    public static String service(String sub) {
        return of(sub, "service");
    }

    public static String expired(String sub, String role) {
        return claims(sub, role).issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .sign(KEY);
    }

    public static String wrongIssuer(String sub, String role) {
        return claims(sub, role).issuer("https://evil.example/realms/exchange").sign(KEY);
    }

    public static String wrongAudience(String sub, String role) {
        return claims(sub, role).audience("account").sign(KEY);
    }

    public static String signedByAnotherKey(String sub, String role) {
        return claims(sub, role).sign(FOREIGN_KEY);
    }

    /** A valid token whose payload was edited afterwards (role escalated): the signature no longer matches. */
    public static String tampered(String sub) {
        String[] parts = of(sub, "subject").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"subject\"", "\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** An unsigned token ({@code alg: none}). */
    public static String algNone(String sub, String role) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String[] parts = of(sub, role).split("\\.");
        return header + "." + parts[1] + ".";
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static JwtClaimsBuilder claims(String sub, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(sub)
                .audience(AUDIENCE)
                .claim("azp", "exchange-cli")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(600));
    }

    private static PrivateKey load(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load test key " + resource, e);
        }
    }
}
