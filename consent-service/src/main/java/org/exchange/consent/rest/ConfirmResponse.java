package org.exchange.consent.rest;

import java.util.List;

/** The subjects who currently consent, each with the consent (id and version) that covers the use. */
public record ConfirmResponse(List<Confirmed> confirmed) {

    public record Confirmed(String subjectId, String consentId, long version, Long minPricePerRecord) {
    }
}
