package org.exchange.kit.events.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.exchange.kit.config.EventsConfig;
import org.jboss.logging.Logger;
import org.exchange.contract.signing.Ed25519;

/**
 * The public event-signing keys of every publisher this service consumes, fetched from the
 * publisher's own JWKS ({@code GET /api/events/keys}), so a key id is trusted only for the service
 * that published it. Keys are cached; an unknown key id makes one fresh fetch (at most one per
 * {@code refetch-interval} per publisher), so a rotated key is picked up without a restart. A
 * publisher that cannot be reached is a transient failure ({@link KeysUnavailable}): the consumer
 * retries, it never dead-letters an event because the keys were momentarily out of reach.
 */
@ApplicationScoped
public class PublisherKeys {

    /** The publisher's keys could not be fetched: try again later. */
    public static final class KeysUnavailable extends RuntimeException {
        public KeysUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Fetched(Map<String, PublicKey> keys, Instant at) {
    }

    private static final Logger LOG = Logger.getLogger(PublisherKeys.class);

    private final EventsConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Fetched> cache = new ConcurrentHashMap<>();

    public PublisherKeys(EventsConfig config, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The key {@code keyId} of {@code publisher}, or empty when the publisher does not have it (an
     * event signed with it is forged, or signed by someone else). Fails with
     * {@link KeysUnavailable} when the publisher's keys cannot be fetched.
     */
    public Uni<Optional<PublicKey>> key(String publisher, String keyId) {
        Fetched known = cache.get(publisher);
        if (known != null && known.keys().containsKey(keyId)) {
            return Uni.createFrom().item(Optional.of(known.keys().get(keyId)));
        }
        if (known != null && known.at().plus(config.refetchInterval()).isAfter(clock.instant())) {
            return Uni.createFrom().item(Optional.empty()); // fetched moments ago and not there
        }
        EventsConfig.Publisher where = config.publishers().get(publisher);
        if (where == null) {
            return Uni.createFrom().item(Optional.empty()); // not a publisher this service trusts
        }
        return fetch(publisher, where.keysUrl()).map(keys -> {
            cache.put(publisher, new Fetched(keys, clock.instant()));
            return Optional.ofNullable(keys.get(keyId));
        });
    }

    private Uni<Map<String, PublicKey>> fetch(String publisher, String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .onFailure().transform(e -> new KeysUnavailable("the event keys of " + publisher + " at " + url
                            + " cannot be fetched: " + e, e))
                    .map(response -> {
                        if (response.statusCode() != 200) {
                            throw new KeysUnavailable("the event keys of " + publisher + " at " + url + " answered "
                                    + response.statusCode(), null);
                        }
                        return parse(publisher, response.body());
                    });
        }
        return Uni.createFrom().item(() -> parse(publisher, read(url)));
    }

    private static String read(String url) {
        try {
            if (url.startsWith("classpath:")) {
                try (InputStream in = Thread.currentThread().getContextClassLoader()
                        .getResourceAsStream(url.substring("classpath:".length()))) {
                    if (in == null) {
                        throw new KeysUnavailable("no resource " + url, null);
                    }
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(url.startsWith("file:") ? url.substring("file:".length()) : url));
        } catch (IOException e) {
            throw new KeysUnavailable("cannot read " + url, e);
        }
    }

    private Map<String, PublicKey> parse(String publisher, String json) {
        Map<String, PublicKey> keys = new HashMap<>();
        try {
            for (JsonNode key : mapper.readTree(json).path("keys")) {
                if (!"OKP".equals(key.path("kty").asText()) || !"Ed25519".equals(key.path("crv").asText())) {
                    continue;
                }
                try {
                    keys.put(key.path("kid").asText(), Ed25519.publicKey(Ed25519.fromBase64url(key.path("x").asText())));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    LOG.warnf("ignoring an unusable key %s of %s: %s", key.path("kid").asText(), publisher, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new KeysUnavailable("the event keys of " + publisher + " are not a JWKS", e);
        }
        return keys;
    }
}
