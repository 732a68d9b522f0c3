package org.exchange.kit.events.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.config.EventsConfig;
import org.jboss.logging.Logger;

/**
 * Signs the events this service publishes, so that consumers and partners can tell an event the
 * exchange made from one someone wrote to the topic (docs/event-authenticity.md).
 * <p>
 * The keys are the {@code *.pem} files of {@code exchange.events.signing.key-dir} (each with a
 * PRIVATE KEY and a PUBLIC KEY block); the newest by file name signs, and every one of them stays
 * published in {@link #jwks()}, so an event signed before a rotation still verifies. When the
 * directory holds no key, one is created (locally; on Kubernetes the keys come from a Secret).
 */
@ApplicationScoped
public class EventSigner {

    /** A signature and the id of the key that made it, as the record headers carry them. */
    public record Signed(String keyId, String signature) {
    }

    private record Key(String id, KeyPair pair) {
    }

    private static final Logger LOG = Logger.getLogger(EventSigner.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final List<Key> keys;
    private final Key active;
    private final String jwks;

    public EventSigner(EventsConfig config, @ConfigProperty(name = "quarkus.application.name") String service,
                       ObjectMapper mapper, Clock clock) {
        this.keys = load(Path.of(config.signing().keyDir()), service, clock);
        this.active = keys.get(keys.size() - 1);
        ObjectNode set = mapper.createObjectNode();
        ArrayNode list = set.putArray("keys");
        for (Key key : keys) {
            list.addObject().put("kty", "OKP").put("crv", "Ed25519")
                    .put("x", Ed25519.base64url(Ed25519.raw(key.pair().getPublic())))
                    .put("kid", key.id()).put("use", "sig").put("alg", "EdDSA");
        }
        this.jwks = set.toString();
    }

    /** Signs the exact bytes of a record value. */
    public Signed sign(byte[] value) {
        return new Signed(active.id(), Ed25519.base64url(Ed25519.sign(active.pair().getPrivate(), value)));
    }

    public String activeKeyId() {
        return active.id();
    }

    /** Every key this service ever signed with (JWKS, public halves only). */
    public String jwks() {
        return jwks;
    }

    private static List<Key> load(Path dir, String service, Clock clock) {
        try {
            Files.createDirectories(dir);
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList();
            }
            if (files.isEmpty()) {
                Path file = dir.resolve("ed25519-" + STAMP.format(clock.instant()) + ".pem");
                Files.writeString(file, Ed25519.pem(Ed25519.generate()), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the file keeps the default permissions
                }
                LOG.infof("created a new event signing key at %s", file.toAbsolutePath());
                files = List.of(file);
            }
            List<Key> keys = new ArrayList<>();
            for (Path file : files) {
                KeyPair pair = Ed25519.parsePem(Files.readString(file, StandardCharsets.US_ASCII));
                keys.add(new Key(service + ":" + Ed25519.thumbprint(pair.getPublic()), pair));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event signing keys in " + dir.toAbsolutePath(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an event signing key in " + dir.toAbsolutePath() + " is unusable: "
                    + e.getMessage(), e);
        }
    }
}
