package org.exchange.kit.events;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How every consumer applies an event: the effect (its own transaction, with its dedup row) is
 * retried with back-off on failure, and a failure that outlasts the retries fails the channel, so
 * the offset is not committed and the event is delivered again after a restart. An event is
 * never acknowledged without its effect.
 */
public final class Retrying {

    private static final Logger LOG = Logger.getLogger(Retrying.class);

    private Retrying() {
    }

    /** {@code effect} is called again for each attempt, so each retry is a fresh transaction. */
    public static Uni<Void> apply(EventEnvelope event, Supplier<Uni<?>> effect) {
        return Uni.createFrom().deferred(effect).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("applying %s %s failed, retrying: %s", event.type(), event.id(),
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .onFailure().invoke(e -> LOG.errorf("applying %s %s failed for good; the channel stops: %s",
                        event.type(), event.id(), e.getMessage()));
    }
}
