package org.exchange.consent.rest;

import java.util.List;
import org.exchange.consent.service.CohortConfirmation;

/** The subjects who currently consent, each with the consent (id and version) that covers the use. */
public record ConfirmResponse(List<Confirmed> confirmed) {

    public record Confirmed(String subjectId, String consentId, long version, Long minPricePerRecord) {

        static Confirmed of(CohortConfirmation.Confirmed c) {
            return new Confirmed(c.subjectId(), c.consentId().toString(), c.version(), c.minPricePerRecord());
        }
    }

    static ConfirmResponse of(List<CohortConfirmation.Confirmed> confirmed) {
        return new ConfirmResponse(confirmed.stream().map(Confirmed::of).toList());
    }
}
