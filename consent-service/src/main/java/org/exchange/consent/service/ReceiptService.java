package org.exchange.consent.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.exchange.consent.ConsentHistoryEntry;
import org.exchange.consent.config.ConsentConfig;
import org.exchange.consent.repository.ConsentHistoryRepository;
import org.exchange.consent.repository.ConsentRepository;
import org.exchange.contract.purpose.Purpose;
import org.exchange.kit.service.ExchangeException;

/**
 * Consent receipts in the Kantara Consent Receipt v1.1 layout, with the ISO/IEC TS 27560 record
 * fields it lacks (status, version, the history hash). One receipt per consent version, so a
 * withdrawal has its own receipt; each is tied to the hash chain by {@code historyHash}.
 */
@ApplicationScoped
public class ReceiptService {

    public record Receipt(String receiptId, String keyId, String jws, Map<String, Object> claims) {
    }

    private final ConsentRepository consents;
    private final ConsentHistoryRepository history;
    private final ReceiptSigner signer;
    private final ConsentConfig config;
    private final ObjectMapper mapper;

    public ReceiptService(ConsentRepository consents, ConsentHistoryRepository history, ReceiptSigner signer,
                          ConsentConfig config, ObjectMapper mapper) {
        this.consents = consents;
        this.history = history;
        this.signer = signer;
        this.config = config;
        this.mapper = mapper;
    }

    /** The receipt of {@code version} (the current one when null) of the subject's own consent. */
    @WithSession
    public Uni<Receipt> receipt(String subjectId, UUID consentId, Long version) {
        return consents.findOwned(consentId, subjectId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("consent " + consentId))
                .chain(c -> history.ofConsent(c.id).map(entries -> {
                    long wanted = version == null ? c.version : version;
                    ConsentHistoryEntry entry = entries.stream().filter(e -> e.version == wanted).findFirst()
                            .orElseThrow(() -> ExchangeException.notFound("version " + wanted + " of consent " + consentId));
                    return sign(entry);
                }));
    }

    private Receipt sign(ConsentHistoryEntry e) {
        String receiptId = UUID.nameUUIDFromBytes((e.consentId + ":" + e.version).getBytes(StandardCharsets.UTF_8))
                .toString();
        Map<String, Object> purpose = new LinkedHashMap<>();
        purpose.put("purpose", e.purpose);
        purpose.put("purposeCategory", List.of(Purpose.byId(e.purpose).map(Purpose::dpv).orElse(e.purpose)));
        purpose.put("consentType", "EXPLICIT");
        purpose.put("piiCategory", List.of(e.dataCategories.split(",")));
        purpose.put("primaryPurpose", true);
        purpose.put("termination", e.expiresAt == null ? "until withdrawn by the PII principal"
                : "at " + e.expiresAt + " or when withdrawn by the PII principal");
        purpose.put("thirdPartyDisclosure", true);
        purpose.put("thirdPartyName", "licensed consumers of " + e.scopeType.toLowerCase() + " " + e.scopeId);

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("version", "KI-CR-v1.1.0");
        claims.put("jurisdiction", config.receipt().jurisdiction());
        claims.put("consentTimestamp", e.recordedAt.getEpochSecond());
        claims.put("collectionMethod", "explicit action of the PII principal through the exchange API");
        claims.put("consentReceiptID", receiptId);
        claims.put("language", "en");
        claims.put("piiPrincipalId", e.subjectId);
        claims.put("piiControllers", List.of(Map.of("piiController", config.receipt().controller(),
                "contact", config.receipt().controllerContact(), "onBehalf", false)));
        claims.put("policyUrl", config.receipt().policyUrl());
        claims.put("services", List.of(Map.of("service", "data licensing through the exchange",
                "purposes", List.of(purpose))));
        claims.put("sensitive", false);
        claims.put("spiCat", List.of());
        // ISO/IEC TS 27560 record fields
        claims.put("consentId", e.consentId.toString());
        claims.put("consentVersion", e.version);
        claims.put("consentStatus", e.status);
        claims.put("event", e.action);
        claims.put("scope", Map.of("type", e.scopeType, "id", e.scopeId));
        if (e.minPricePerRecord != null) {
            claims.put("minPricePerRecord", e.minPricePerRecord);
        }
        claims.put("historyHash", e.hash);
        try {
            return new Receipt(receiptId, signer.keyId(), signer.sign(mapper.writeValueAsString(claims)), claims);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("receipt is not serialisable", ex);
        }
    }
}
