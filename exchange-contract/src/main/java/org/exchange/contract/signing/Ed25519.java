package org.exchange.contract.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 with the JDK alone: raw 32-byte public keys (as in a JWK's {@code x}), PEM files,
 * signatures as base64url without padding. Shared by event signing and its verification.
 */
public final class Ed25519 {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    /** A stable id for a key: the first 16 characters of the base64url SHA-256 of its raw bytes. */
    public static String thumbprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return base64url(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] fromBase64url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    /** PEM text holding the private key (PKCS#8) and its public key (SPKI), as openssl writes them. */
    public static String pem(KeyPair pair) {
        return block("PRIVATE KEY", pair.getPrivate().getEncoded()) + block("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Reads a key pair from PEM text with a PRIVATE KEY and a PUBLIC KEY block. */
    public static KeyPair parsePem(String text) throws GeneralSecurityException {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        Matcher m = PEM.matcher(text);
        List<String> labels = new ArrayList<>();
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            labels.add(m.group(1));
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            switch (m.group(1)) {
                case "PRIVATE KEY" -> privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
                case "PUBLIC KEY" -> publicKey = factory.generatePublic(new X509EncodedKeySpec(der));
                default -> { }
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new GeneralSecurityException("an event signing key file needs a PRIVATE KEY and a PUBLIC KEY block "
                    + "(openssl genpkey -algorithm ed25519 > k; openssl pkey -in k -pubout >> k); found " + labels);
        }
        return new KeyPair(publicKey, privateKey);
    }
}
