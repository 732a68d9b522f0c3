package org.exchange.contract.events.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.exchange.contract.merkle.Merkle;

/**
 * A purchase's commitment to its pinned cohort (docs/cohort-commitments.md): the RFC 9162 Merkle
 * root over its members in pinned order, each leaf's data being the UTF-8 bytes of
 * {@code subjectId \n records \n consentId \n consentVersion}. Pricing computes it when the
 * purchase is made; payout recomputes it over the cohort it received, and a subject or the
 * consumer can check a member against it.
 */
public final class Cohorts {

    private Cohorts() {
    }

    public static byte[] leafData(CohortMember m) {
        return (m.subjectId() + "\n" + m.records() + "\n" + m.consentId() + "\n" + m.consentVersion())
                .getBytes(StandardCharsets.UTF_8);
    }

    public static List<byte[]> leafHashes(List<CohortMember> members) {
        List<byte[]> leaves = new ArrayList<>(members.size());
        for (CohortMember m : members) {
            leaves.add(Merkle.leafHash(leafData(m)));
        }
        return leaves;
    }

    /** The cohort root, base64 (standard, padded): 44 characters. */
    public static String root(List<CohortMember> members) {
        return Base64.getEncoder().encodeToString(Merkle.root(leafHashes(members)));
    }
}
