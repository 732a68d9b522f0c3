package org.exchange.pricing.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.data.ConsentChanged;
import org.exchange.kit.events.data.SubjectErased;
import org.exchange.pricing.service.LicenceWithdrawalService;
import org.exchange.pricing.service.SubjectErasureService;
import org.jboss.logging.Logger;

/**
 * From {@code consent.events}: tells licence holders about withdrawals (GDPR Art. 19) and
 * honours erasures (Art. 17). Deduplicated in the same transaction as the effect; never
 * catch-and-ack.
 */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "pricing.licence-withdrawals";
    private static final Logger LOG = Logger.getLogger(ConsentEventsConsumer.class);

    private final LicenceWithdrawalService withdrawals;
    private final SubjectErasureService erasures;
    private final ObjectMapper mapper;

    public ConsentEventsConsumer(LicenceWithdrawalService withdrawals, SubjectErasureService erasures,
                                 ObjectMapper mapper) {
        this.withdrawals = withdrawals;
        this.erasures = erasures;
        this.mapper = mapper;
    }

    @Incoming("consent-in")
    public Uni<Void> consume(String payload) {
        EventEnvelope event = OutboxWriter.parse(mapper, payload);
        Uni<Integer> effect;
        if (EventTypes.CONSENT_REVOKED.equals(event.type())) {
            effect = withdrawals.onConsentEvent(CONSUMER, event, OutboxWriter.dataOf(mapper, event, ConsentChanged.class));
        } else if (EventTypes.SUBJECT_ERASED.equals(event.type())) {
            effect = erasures.onSubjectErased(CONSUMER, event, OutboxWriter.dataOf(mapper, event, SubjectErased.class));
        } else {
            return Uni.createFrom().voidItem(); // grants and expiries touch no licence
        }
        return effect
                .onFailure().invoke(e -> LOG.warnf("applying %s %s failed, retrying: %s", event.type(), event.id(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .replaceWithVoid();
    }
}
