package org.exchange.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event type the services emit is part of the published contract. */
class EventTypesPublishedTest {

    @Test
    void everyEventTypeOfTheContractIsPublishedWithASchema() throws Exception {
        List<String> published = EventContractTest.schemaTypes();
        for (Field f : EventTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                assertThat(published).as("schema for " + f.getName()).contains((String) f.get(null));
            }
        }
    }
}
