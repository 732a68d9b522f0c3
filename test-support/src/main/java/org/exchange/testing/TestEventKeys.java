package org.exchange.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.exchange.contract.signing.Ed25519;

/**
 * The test publisher's Ed25519 key: generated once per module build in {@code target/} (never
 * committed) and read by every JVM of that build, so the tests that sign and the services that
 * verify agree on it. Uses only the JDK and exchange-kit.
 */
public final class TestEventKeys {

    public static final String KEY_ID = "test-publisher";
    static final Path KEY_FILE = Path.of("target", "test-events-ed25519.pem");
    static final Path JWKS_FILE = Path.of("target", "test-events-jwks.json");

    private static KeyPair keys;

    private TestEventKeys() {
    }

    public static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                if (!Files.exists(KEY_FILE)) {
                    Path dir = KEY_FILE.toAbsolutePath().getParent();
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, "key", ".tmp");
                    Files.writeString(tmp, Ed25519.pem(Ed25519.generate()), StandardCharsets.US_ASCII);
                    try {
                        Files.move(tmp, KEY_FILE, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, KEY_FILE);
                    } catch (FileAlreadyExistsException e) {
                        Files.deleteIfExists(tmp); // another JVM of this build made it first
                    }
                }
                keys = Ed25519.parsePem(Files.readString(KEY_FILE, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    /** Writes the JWKS of the test key (what a publisher's /api/events/keys serves); returns its file. */
    public static Path jwksFile() {
        KeyPair pair = keys();
        String jwks = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
                + Ed25519.base64url(Ed25519.raw(pair.getPublic()))
                + "\",\"kid\":\"" + KEY_ID + "\",\"use\":\"sig\",\"alg\":\"EdDSA\"}]}";
        try {
            Files.writeString(JWKS_FILE, jwks, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JWKS_FILE.toAbsolutePath();
    }
}
