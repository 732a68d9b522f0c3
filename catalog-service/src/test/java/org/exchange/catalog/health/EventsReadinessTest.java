package org.exchange.catalog.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.exchange.catalog.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Readiness shows the events backbone (the kit's OutboxMonitor) instead of following the broker:
 * an {@code events} check, UP, with whether the broker is reachable and the outbox backlog; the
 * same two figures are gauges at /q/metrics.
 */
@QuarkusTest
class EventsReadinessTest {

    static final String EVENTS = "checks.find { it.name == 'events' }";

    @Test
    void readinessHasAnEventsCheckShowingTheBrokerAndTheOutboxBacklogAndMetricsExportBoth() {
        Fixtures.publish(Fixtures.newProvider(), "Relayed", List.of("ai-training")); // one event through the outbox

        // the relay drains the outbox: the backlog the check reports comes back to zero
        await().atMost(Duration.ofSeconds(30)).until(() -> ready().getLong(EVENTS + ".data.outboxBacklog") == 0);
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.status", everyItem(equalTo("UP")))
                .body(EVENTS + ".status", equalTo("UP"))
                .body(EVENTS + ".data.broker", equalTo("reachable"))
                .extract().jsonPath();
        assertThat(ready.getString(EVENTS + ".data.brokerSince")).isNotBlank();
        assertThat(ready.getLong(EVENTS + ".data.outboxOldestSeconds")).isZero();
        assertThat(ready.getString(EVENTS + ".data.brokerError")).as("no broker error while it is reachable").isNull();
        assertThat(ready.getList("checks.name")).containsOnlyOnce("events");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(gauge(metrics, "exchange_outbox_backlog")).isGreaterThanOrEqualTo(0);
        assertThat(gauge(metrics, "exchange_kafka_broker_reachable")).isEqualTo(1.0);
    }

    static JsonPath ready() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    }

    /** The value of a gauge in the Prometheus text format. */
    static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
