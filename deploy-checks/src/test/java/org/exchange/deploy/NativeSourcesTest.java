package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After the profile native-sources has built every service in native mode without GraalVM: each has
 * native-image sources (the arguments and the runner jar) written by this build.
 */
@EnabledIfSystemProperty(named = "exchange.native-sources", matches = "true")
class NativeSourcesTest {

    static List<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void theServiceBuildsInNativeModeUpToNativeImage(String module) throws IOException {
        ServiceConfig cfg = ServiceConfig.of(module);
        Path sources = cfg.dir.resolve("target/native-sources");
        Path args = sources.resolve("native-image.args");
        assertThat(args).as("%s: native-image arguments", module).isRegularFile();
        Path runner = sources.resolve(cfg.artifactId() + "-1.0.0-SNAPSHOT-runner.jar");
        try (Stream<Path> files = Files.list(sources)) {
            List<Path> runners = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).toList();
            assertThat(runners).as("%s: the runner jar native-image compiles", module).hasSize(1);
            runner = runners.get(0);
        }
        assertThat(sources.resolve("lib")).isDirectory();
        String text = Files.readString(args);
        assertThat(text).contains(runner.getFileName().toString()).contains("-H:");
        // written by this build (the profile's nested run), not left over from an earlier one
        Instant started = Instant.parse(System.getProperty("exchange.build-started")).minusSeconds(1);
        assertThat(Files.getLastModifiedTime(args).toInstant()).as("%s: native sources built by this run", module)
                .isAfter(started);
    }
}
