package org.exchange.e2e;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.exchange.contract.signing.Ed25519;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.TestCredentials;
import org.exchange.testing.TestKafka;

/** The running stack's broker, as its principals see it (credentials from ./exchange up). */
final class Broker {

    private Broker() {
    }

    /** The launcher's state directory (.exchange). */
    static Path state() {
        Path credentials = TestCredentials.dir();
        if (credentials == null) {
            throw new IllegalStateException("no .exchange/kafka/credentials: ./exchange up first");
        }
        return credentials.getParent().getParent();
    }

    /**
     * A publisher's real event signing key, read from its database: what an attacker who can
     * write that database (and so its outbox) has anyway.
     */
    static KeyPair signingKey(String service) {
        String db = "exchange_" + service.substring(0, service.indexOf('-'));
        try (Connection c = Stack.database(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pem FROM event_signing_key ORDER BY created_at DESC, key_id DESC LIMIT 1")) {
            rs.next();
            return Ed25519.parsePem(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + service + "'s signing key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String keyId(String service, KeyPair pair) {
        return service + ":" + Ed25519.thumbprint(pair.getPublic());
    }

    /**
     * The dead letters of {@code dlqTopic} (read as the broker's super user, who alone may read
     * them) that match {@code which}, waiting up to {@code timeout} for {@code count} of them.
     */
    static List<DeadLetterTopic.Letter> deadLetters(String dlqTopic, Predicate<DeadLetterTopic.Letter> which, int count,
                                                    Duration timeout) {
        return DeadLetterTopic.await(TestKafka.client("exchange-admin"), dlqTopic, which, count, timeout);
    }
}
