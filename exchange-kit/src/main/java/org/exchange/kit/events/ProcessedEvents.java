package org.exchange.kit.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer side of exactly-once-in-effect: a consumer records the event id in the same
 * transaction as the event's effect, and skips the effect when the id was already recorded.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Records that {@code consumer} handles {@code eventId} now. Emits true the first time only;
     * must be called inside the transaction that applies the event's effect.
     */
    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) "
                                + "ON CONFLICT DO NOTHING")
                        .setParameter(1, consumer)
                        .setParameter(2, eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
