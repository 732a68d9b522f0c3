package org.exchange.pricing.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.Topics;
import org.exchange.kit.events.consumer.EventConsumer;
import org.exchange.kit.events.consumer.EventConsumers;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.SubjectErased;
import org.exchange.pricing.service.LicenceWithdrawalService;
import org.exchange.pricing.service.SubjectErasureService;

/**
 * From {@code consent.events}: tells licence holders about withdrawals (GDPR Art. 19) and honours
 * erasures (Art. 17). Grants and expiries touch no licence.
 */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "pricing.licence-withdrawals";

    private final EventConsumer consumer;

    public ConsentEventsConsumer(EventConsumers consumers, LicenceWithdrawalService withdrawals,
                                 SubjectErasureService erasures) {
        this.consumer = consumers.consumer(CONSUMER, Topics.CONSENT)
                .on(EventTypes.CONSENT_REVOKED, ConsentChanged.class, withdrawals::onRevoked)
                .on(EventTypes.SUBJECT_ERASED, SubjectErased.class, erasures::onSubjectErased)
                .build();
    }

    @Incoming("consent-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record);
    }
}
