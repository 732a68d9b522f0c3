package org.exchange.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract is plain Java: the gateway, tests, tools and partners use it without Quarkus. */
class PlainJavaTest {

    @Test
    void noQuarkusNorJaxRsIsOnTheContractsClasspath() {
        assertThatThrownBy(() -> Class.forName("io.quarkus.runtime.Quarkus")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("jakarta.ws.rs.core.Response")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.smallrye.mutiny.Uni")).isInstanceOf(ClassNotFoundException.class);
    }
}
