package org.exchange.pricing.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.kit.events.Retrying;
import org.exchange.kit.events.data.ConsentChanged;
import org.exchange.kit.events.data.SubjectErased;
import org.exchange.pricing.service.LicenceWithdrawalService;
import org.exchange.pricing.service.SubjectErasureService;

/**
 * From {@code consent.events}: tells licence holders about withdrawals (GDPR Art. 19) and
 * honours erasures (Art. 17). Deduplicated in the same transaction as the effect; never
 * catch-and-ack.
 */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "pricing.licence-withdrawals";

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
        if (EventTypes.CONSENT_REVOKED.equals(event.type())) {
            ConsentChanged data = OutboxWriter.dataOf(mapper, event, ConsentChanged.class);
            return Retrying.apply(event, () -> withdrawals.onConsentEvent(CONSUMER, event, data));
        } else if (EventTypes.SUBJECT_ERASED.equals(event.type())) {
            SubjectErased data = OutboxWriter.dataOf(mapper, event, SubjectErased.class);
            return Retrying.apply(event, () -> erasures.onSubjectErased(CONSUMER, event, data));
        }
        return Uni.createFrom().voidItem(); // grants and expiries touch no licence
    }
}
