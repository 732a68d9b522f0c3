package org.exchange.catalog.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.exchange.catalog.ConsentEvents;
import org.exchange.catalog.EventDelivery;
import org.exchange.catalog.Fixtures;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever order consent events arrive in, however often each is delivered (same id)
 * or re-sent (new id, same version), the projection and the consenting counts equal those of the
 * highest version of every consent. Each event is a signed record handed to the real consumer, so
 * the kit's path (verification, deduplication on the event id, the handler in one transaction)
 * is what is under test. Many random cases, each from its own printed seed.
 */
@QuarkusTest
class ConsentProjectionPropertyTest {

    static final int CASES = 120;
    static final List<String> ALLOWED = List.of("ai-training", "academic-research");
    static final List<String> PURPOSES = List.of("ai-training", "academic-research", "public-health");
    static final String[] STATUSES = {"GIVEN", "WITHDRAWN", "EXPIRED"};

    @Inject
    EventDelivery deliver;

    @Inject
    Pool db;

    /** One version of one consent, as consent-service would emit it. */
    record Version(String consentId, String subject, String scopeType, String scopeId, String purpose, String status,
                   long version, Instant expiresAt) {
    }

    @Test
    void duplicatedAndReorderedEventsConvergeOnTheHighestVersionOfEveryConsent() {
        long base = new Random().nextLong();
        for (int i = 0; i < CASES; i++) {
            long seed = base + i;
            try {
                runCase(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case with seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }

    void runCase(long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        String provider = Fixtures.newProvider();
        String dataset = Fixtures.publish(provider, "Property " + seed, ALLOWED);
        String sibling = UUID.randomUUID().toString(); // another dataset of the provider (only its id matters)
        String run = UUID.randomUUID().toString().substring(0, 8);

        int subjectCount = 2 + random.nextInt(6);
        List<String> subjects = new ArrayList<>();
        Map<String, Long> records = new LinkedHashMap<>();
        for (int s = 0; s < subjectCount; s++) {
            String subject = "p-" + run + "-" + s;
            subjects.add(subject);
            if (random.nextInt(5) > 0) { // most are members, some only consent
                records.put(subject, 1L + random.nextInt(50));
            }
        }
        if (!records.isEmpty()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            records.forEach((s, r) -> rows.add(Map.of("subjectId", s, "records", r)));
            Fixtures.declare(provider, dataset, rows);
        }

        List<Version> versions = new ArrayList<>();
        Map<String, Version> latest = new HashMap<>();
        for (String subject : subjects) {
            int consents = random.nextInt(4);
            for (int c = 0; c < consents; c++) {
                String consentId = UUID.randomUUID().toString();
                String[] scope = switch (random.nextInt(4)) {
                    case 0 -> new String[]{"PROVIDER", provider};
                    case 1 -> new String[]{"DATASET", dataset};
                    case 2 -> new String[]{"DATASET", sibling};
                    default -> new String[]{"PROVIDER", "someone-else"};
                };
                String purpose = PURPOSES.get(random.nextInt(PURPOSES.size()));
                int length = 1 + random.nextInt(5);
                for (int v = 1; v <= length; v++) {
                    String status = v == 1 ? "GIVEN" : STATUSES[random.nextInt(STATUSES.length)];
                    Instant expiresAt = switch (random.nextInt(3)) {
                        case 0 -> null;
                        case 1 -> now.plusSeconds(3600);
                        default -> now.minusSeconds(3600);
                    };
                    Version version = new Version(consentId, subject, scope[0], scope[1], purpose, status, v,
                            expiresAt);
                    versions.add(version);
                    latest.put(consentId, version);
                }
            }
        }
        Set<String> erased = new HashSet<>();
        List<EventEnvelope> events = new ArrayList<>();
        for (Version v : versions) {
            EventEnvelope e = ConsentEvents.consent(v.consentId(), v.subject(), v.scopeType(), v.scopeId(),
                    v.purpose(), v.status(), v.version(), v.expiresAt());
            events.add(e);
            if (random.nextInt(3) == 0) {
                events.add(e); // redelivered: the same event id again
            }
            if (random.nextInt(5) == 0) { // re-sent by the producer: a new event id, the same version
                events.add(ConsentEvents.consent(v.consentId(), v.subject(), v.scopeType(), v.scopeId(), v.purpose(),
                        v.status(), v.version(), v.expiresAt()));
            }
        }
        if (random.nextInt(6) == 0) {
            String gone = subjects.get(random.nextInt(subjects.size()));
            erased.add(gone);
            EventEnvelope e = ConsentEvents.erased(gone);
            events.add(e);
            events.add(e);
        }
        Collections.shuffle(events, random);
        for (EventEnvelope e : events) {
            deliver.consent(e);
        }

        // the projection holds exactly the highest version of every consent of a subject not erased
        for (Version v : latest.values()) {
            UUID consentId = UUID.fromString(v.consentId());
            long rows = Rows.count(db, "SELECT count(*) FROM consent_projection WHERE consent_id = $1", consentId);
            if (erased.contains(v.subject())) {
                assertThat(rows).as("erased subject's consent " + v.consentId()).isZero();
            } else {
                assertThat(rows).isEqualTo(1);
                Row row = Rows.first(db, "SELECT status, version FROM consent_projection WHERE consent_id = $1", consentId);
                assertThat(row.getString("status")).as("status of " + v.consentId()).isEqualTo(v.status());
                assertThat(row.getLong("version")).isEqualTo(v.version());
            }
        }

        // the consenting counts equal the model's
        JsonPath view = given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath();
        for (int p = 0; p < ALLOWED.size(); p++) {
            String purpose = ALLOWED.get(p);
            Set<String> consenting = new HashSet<>();
            for (Version v : latest.values()) {
                boolean inScope = ("PROVIDER".equals(v.scopeType()) && provider.equals(v.scopeId()))
                        || ("DATASET".equals(v.scopeType()) && dataset.equals(v.scopeId()));
                boolean live = "GIVEN".equals(v.status()) && (v.expiresAt() == null || v.expiresAt().isAfter(now));
                if (inScope && live && purpose.equals(v.purpose()) && records.containsKey(v.subject())
                        && !erased.contains(v.subject())) {
                    consenting.add(v.subject());
                }
            }
            long expectedRecords = consenting.stream().mapToLong(records::get).sum();
            assertThat(view.getString("consenting[" + p + "].purpose")).isEqualTo(purpose);
            assertThat(view.getLong("consenting[" + p + "].subjects")).as("subjects for " + purpose)
                    .isEqualTo(consenting.size());
            assertThat(view.getLong("consenting[" + p + "].records")).as("records for " + purpose)
                    .isEqualTo(expectedRecords);
        }
        long members = records.keySet().stream().filter(s -> !erased.contains(s)).count();
        assertThat(view.getLong("members.subjects")).isEqualTo(members);
    }
}
