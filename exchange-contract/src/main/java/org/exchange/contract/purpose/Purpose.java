package org.exchange.contract.purpose;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed purpose vocabulary, aligned with the W3C Data Privacy Vocabulary (DPV). The id is
 * the public name used in the API and in events; anything else is rejected with 400.
 */
public enum Purpose {
    AI_TRAINING("ai-training", "dpv:ResearchAndDevelopment", "Training or evaluating machine-learning models"),
    ACADEMIC_RESEARCH("academic-research", "dpv:AcademicResearch", "Research by academic institutions"),
    COMMERCIAL_RESEARCH("commercial-research", "dpv:CommercialResearch", "Research for commercial products"),
    NON_COMMERCIAL_RESEARCH("non-commercial-research", "dpv:NonCommercialResearch",
            "Research without a commercial aim"),
    PRODUCT_ANALYTICS("product-analytics", "dpv:ServiceOptimisation", "Analysing and improving products"),
    PERSONALISED_ADVERTISING("personalised-advertising", "dpv:PersonalisedAdvertising",
            "Advertising tailored to a person"),
    PUBLIC_HEALTH("public-health", "dpv:PublicBenefit", "Public health monitoring and research");

    private final String id;
    private final String dpv;
    private final String description;

    Purpose(String id, String dpv, String description) {
        this.id = id;
        this.dpv = dpv;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String dpv() {
        return dpv;
    }

    public String description() {
        return description;
    }

    public static Optional<Purpose> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static boolean isKnown(String id) {
        return byId(id).isPresent();
    }
}
