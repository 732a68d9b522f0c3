package org.exchange.consent.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.exchange.consent.service.ReceiptSigner;

/** The public key set that consent receipts verify against (JWKS). */
@Path("/api/receipts/keys")
public class ReceiptKeysResource {

    private final ReceiptSigner signer;

    public ReceiptKeysResource(ReceiptSigner signer) {
        this.signer = signer;
    }

    @GET
    @PermitAll
    @Produces("application/jwk-set+json")
    public String keys() {
        return signer.jwksJson();
    }
}
