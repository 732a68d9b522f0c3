package org.exchange.consent.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.exchange.consent.Consent;
import org.exchange.kit.events.OutboxWriter;
import org.exchange.contract.events.Topics;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.SubjectErased;
import org.exchange.contract.events.EventTypes;

/** Puts consent events into the outbox, keyed by subject id so one subject's events stay in order. */
@ApplicationScoped
public class ConsentEvents {

    private final OutboxWriter outbox;

    public ConsentEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> changed(String type, Consent c, Instant at) {
        ConsentChanged data = new ConsentChanged(c.id.toString(), c.subjectId, c.scopeType.name(), c.scopeId,
                c.purpose, c.categories(), c.status.name(), c.version, c.expiresAt, c.minPricePerRecord, at);
        return outbox.append(Topics.CONSENT, type, c.subjectId, data).replaceWithVoid();
    }

    public Uni<Void> subjectErased(String subjectId, Instant at) {
        return outbox.append(Topics.CONSENT, EventTypes.SUBJECT_ERASED, subjectId, new SubjectErased(subjectId, at))
                .replaceWithVoid();
    }
}
