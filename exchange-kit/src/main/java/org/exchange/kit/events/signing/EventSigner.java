package org.exchange.kit.events.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.exchange.contract.signing.Ed25519;

/**
 * Signs the events this service publishes, so that consumers and partners can tell an event the
 * exchange made from one someone wrote to the topic (docs/event-authenticity.md).
 * <p>
 * The keys live in the service's own database ({@code event_signing_key}), next to the outbox
 * they sign: whoever can write the outbox can publish as this service already, so the key adds
 * no secret to guard, and every replica signs with the same key across restarts. The first
 * replica to start creates one (under an advisory lock, so only one is made); the newest signs,
 * and every key ever used stays published in {@link #jwks()}, so an event signed before a
 * rotation (a new row) still verifies. Replicas pick up a new key within a minute.
 */
@Startup
@ApplicationScoped
public class EventSigner {

    /** A signature and the id of the key that made it, as the record headers carry them. */
    public record Signed(String keyId, String signature) {
    }

    private record Key(String id, KeyPair pair) {
    }

    private record Keys(List<Key> all, Key active, String jwks) {
    }

    private static final Logger LOG = Logger.getLogger(EventSigner.class);
    private static final long CREATE_LOCK = 0x6576656e746b6579L; // "eventkey"

    private final DataSource db;
    private final String service;
    private final ObjectMapper mapper;
    private volatile Keys keys;

    public EventSigner(DataSource db, @ConfigProperty(name = "quarkus.application.name") String service,
                       ObjectMapper mapper) {
        this.db = db;
        this.service = service;
        this.mapper = mapper;
        this.keys = loadOrCreate();
    }

    /** Signs the exact bytes of a record value. */
    public Signed sign(byte[] value) {
        Key active = keys.active();
        return new Signed(active.id(), Ed25519.base64url(Ed25519.sign(active.pair().getPrivate(), value)));
    }

    public String activeKeyId() {
        return keys.active().id();
    }

    /** Every key this service ever signed with (JWKS, public halves only). */
    public String jwks() {
        return keys.jwks();
    }

    /** A key added by a rotation (a new row) signs from now on, on every replica. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            keys = load();
        } catch (RuntimeException e) {
            LOG.warnf("reloading the event signing keys failed, keeping the current ones: %s", e.getMessage());
        }
    }

    private Keys loadOrCreate() {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM event_signing_key")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        KeyPair pair = Ed25519.generate();
                        try (PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO event_signing_key (key_id, pem) VALUES (?, ?)")) {
                            insert.setString(1, keyId(pair));
                            insert.setString(2, Ed25519.pem(pair));
                            insert.executeUpdate();
                        }
                        LOG.infof("created the event signing key %s", keyId(pair));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or create the event signing key", e);
        }
        return load();
    }

    private Keys load() {
        List<Key> all = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_id, pem FROM event_signing_key ORDER BY created_at, key_id")) {
            while (rs.next()) {
                KeyPair pair = Ed25519.parsePem(rs.getString(2));
                if (!keyId(pair).equals(rs.getString(1))) {
                    throw new IllegalStateException("event signing key " + rs.getString(1) + " is not the key stored with it");
                }
                all.add(new Key(rs.getString(1), pair));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event signing keys", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an event signing key is unusable: " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no event signing key");
        }
        ObjectNode set = mapper.createObjectNode();
        ArrayNode list = set.putArray("keys");
        for (Key key : all) {
            list.addObject().put("kty", "OKP").put("crv", "Ed25519")
                    .put("x", Ed25519.base64url(Ed25519.raw(key.pair().getPublic())))
                    .put("kid", key.id()).put("use", "sig").put("alg", "EdDSA");
        }
        return new Keys(List.copyOf(all), all.get(all.size() - 1), set.toString());
    }

    /** {@code <service>:<thumbprint>}: names the publisher, so a key id is never ambiguous. */
    private String keyId(KeyPair pair) {
        return service + ":" + Ed25519.thumbprint(pair.getPublic());
    }
}
