package org.exchange.kit.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.exchange.kit.events.signing.EventSigner;

/**
 * The public keys this service signs its events with (JWKS of Ed25519 keys, every key it ever
 * used): consumers and partners verify each record's {@code exchange-signature} against them.
 * Public, no token; the gateway publishes all publishers' keys at the same path.
 */
@Path("/api/events/keys")
public class EventKeysResource {

    private final EventSigner signer;

    public EventKeysResource(EventSigner signer) {
        this.signer = signer;
    }

    @GET
    @PermitAll
    @Produces("application/jwk-set+json")
    public String keys() {
        return signer.jwks();
    }
}
