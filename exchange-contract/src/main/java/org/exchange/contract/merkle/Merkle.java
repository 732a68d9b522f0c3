package org.exchange.contract.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashing as RFC 9162 (Certificate Transparency 2.0), section 2.1, defines it:
 * leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right), the root of n leaves
 * splits them at the largest power of two smaller than n, and the root of no leaves is
 * SHA-256 of nothing. Inclusion proofs (2.1.3) are the audit paths of that definition.
 */
public final class Merkle {

    private Merkle() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root over leaf hashes (already {@link #leafHash}ed), in order. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return sha256().digest();
        }
        // bottom-up, level by level: the same tree as the recursive definition (RFC 9162 2.1.1)
        List<byte[]> level = leaves;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(nodeHash(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                up.add(level.get(level.size() - 1)); // a lone right-most node moves up unchanged
            }
            level = up;
        }
        return level.get(0);
    }

    /** The audit path of leaf {@code index} in the tree of {@code leaves} (RFC 9162 2.1.3.1, PATH). */
    public static List<byte[]> inclusionPath(List<byte[]> leaves, int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leaves.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(leaves, index, path);
        return path;
    }

    private static void path(List<byte[]> leaves, int m, List<byte[]> out) {
        int n = leaves.size();
        if (n <= 1) {
            return;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(leaves.subList(0, k), m, out);
            out.add(root(leaves.subList(k, n)));
        } else {
            path(leaves.subList(k, n), m - k, out);
            out.add(root(leaves.subList(0, k)));
        }
    }

    /** Recomputes the root from a leaf hash and its audit path (RFC 9162 2.1.3.2); null when the path does not fit. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = Integer.highestOneBit(n);
        return k == n ? k >> 1 : k;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
