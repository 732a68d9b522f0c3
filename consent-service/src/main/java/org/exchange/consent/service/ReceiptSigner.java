package org.exchange.consent.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.exchange.consent.config.ConsentConfig;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Signs consent receipts (compact JWS, RS256) with the service's receipt key, and publishes the
 * public half as a JWKS so that anyone can verify a receipt without trusting us at read time.
 */
@Startup
@ApplicationScoped
public class ReceiptSigner {

    private static final Logger LOG = Logger.getLogger(ReceiptSigner.class);

    private final PrivateKey privateKey;
    private final RsaJsonWebKey publicJwk;

    public ReceiptSigner(ConsentConfig config) {
        try {
            this.privateKey = loadOrCreate(Path.of(config.receipt().keyFile()));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            this.publicJwk = new RsaJsonWebKey(publicKey);
            publicJwk.setKeyId(thumbprint(publicKey));
            publicJwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            publicJwk.setUse("sig");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the consent receipt key", e);
        }
    }

    public String keyId() {
        return publicJwk.getKeyId();
    }

    /** A compact JWS over the receipt's JSON. */
    public String sign(String json) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(json);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(publicJwk.getKeyId());
        jws.setHeader("typ", "consent-receipt+jws");
        jws.setKey(privateKey);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing a receipt failed", e);
        }
    }

    /** The public key set (JWKS, JSON) receipts verify against. */
    public String jwksJson() {
        return new JsonWebKeySet(publicJwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static PrivateKey loadOrCreate(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            String pem = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps the default permissions
        }
        LOG.infof("created a new consent receipt signing key at %s", file.toAbsolutePath());
        return pair.getPrivate();
    }

    private static String thumbprint(RSAPublicKey key) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    }
}
