package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.admin.auth.AdminUsers;
import io.sfsync.testing.Dockerfile;
import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so the image is checked by what it would run: the Dockerfile's
 * class-data-sharing build step, ENTRYPOINT + CMD and ENV, with /app standing for a folder laid out as the image lays
 * it out, against the fat jar the build produced. Without users it must refuse to start (it listens
 * on 0.0.0.0); with them it must reach a completed first cycle, report healthy through the
 * HEALTHCHECK command (which needs no login) and answer 'status' with SFSYNC_ADMIN_* set.
 */
class DockerfileCommandIT {

    @TempDir
    Path root;

    @Test
    void the_images_command_starts_the_jar_and_completes_the_first_cycle() throws Exception {
        Dockerfile docker = Dockerfile.read(Path.of("Dockerfile"));
        assertThat(docker.user).isNotEmpty().isNotEqualTo("root");
        assertThat(docker.volumes).contains("/app/data", "/app/routes", "/app/mappings");
        assertThat(docker.healthcheck).isNotEmpty();

        Path app = root.resolve("app");
        JarProcess.copyTree(Path.of("routes"), app.resolve("routes"));
        JarProcess.copyTree(Path.of("mappings"), app.resolve("mappings"));
        Files.createDirectories(app.resolve("data"));
        Path jar = Path.of("target/sfsync.jar").toAbsolutePath();
        assertThat(jar).exists();

        // The build's class-data-sharing step (a first cycle against the bundled emulator) writes the archive the
        // image's java commands map: run as the build runs it, then the entrypoint must load sfsync's classes from it.
        List<String> archiveSteps = docker.runs.stream().filter(r -> r.contains("-XX:ArchiveClassesAtExit=")).toList();
        assertThat(archiveSteps).hasSize(1);
        Path buildTmp = Files.createDirectories(root.resolve("tmp"));
        String step = archiveSteps.get(0).replace("/tmp/", buildTmp + "/").replace("/app/sfsync.jar", jar.toString())
                .replace("/app", app.toString());
        Path stepLog = root.resolve("build-step.log");
        ProcessBuilder buildStep = new ProcessBuilder("sh", "-c", step).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(stepLog.toFile());
        buildStep.environment().put("CAMEL_SERVER_PORT", String.valueOf(TestApp.freePort())); // a build has its own
        Process build = buildStep.start();
        assertThat(build.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(Files.readString(stepLog)).isZero();
        assertThat(Files.readString(stepLog)).contains("Pull Updates").doesNotContain("[warning]");
        assertThat(app.resolve("sfsync.jsa")).isNotEmptyFile();
        assertThat(buildTmp).isEmptyDirectory();
        List<String> loads = new ArrayList<>(docker.entrypoint);
        loads.add(1, "-Xlog:class+load=info");
        loads.add("--version");
        Path loadLog = root.resolve("class-load.log");
        Process version = start(loads, app, jar, Map.of(), loadLog);
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(loadLog)).contains("io.sfsync.cli.SfsyncCommand source: shared objects file");

        Map<String, String> env = new HashMap<>();
        docker.env.forEach((k, v) -> env.put(k, v.replace("/app", app.toString())));
        int apiPort = TestApp.freePort();
        env.put("CAMEL_SERVER_PORT", String.valueOf(apiPort));

        // The image listens on 0.0.0.0: without users it refuses to start, naming the keys (README "Run it as a container").
        Path refusedLog = root.resolve("refused.log");
        Process refused = start(docker.command(), app, jar, env, refusedLog);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(Files.readString(refusedLog)).isEqualTo(2);
        assertThat(Files.readString(refusedLog)).contains("sfsync.admin.users").contains("camel.server.host");
        env.put("SFSYNC_ADMIN_USERS", "ops:" + AdminUsers.hash("container pass", 4));

        Path log = root.resolve("container.log");
        Process p = start(docker.command(), app, jar, env, log);
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(p.isAlive()).as("container process exited: %s", Files.readString(log)).isTrue();
                assertThat(Files.readString(log)).contains("Lead Pull Updates: Completed").contains("Sync cycle")
                        .contains(" finished");
            });
            Path healthLog = root.resolve("health.log");
            Process health = start(docker.healthcheck, app, jar, env, healthLog);
            assertThat(health.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(health.exitValue()).as(Files.readString(healthLog)).isZero();

            env.put("SFSYNC_ADMIN_USER", "ops");
            env.put("SFSYNC_ADMIN_PASSWORD", "container pass");
            List<String> statusCmd = new ArrayList<>(docker.entrypoint);
            statusCmd.add("status");
            statusCmd.add("--limit=1000"); // a scheduled cycle (every five minutes) may have added 50+ newer steps
            Path statusLog = root.resolve("status.log");
            Process status = start(statusCmd, app, jar, env, statusLog);
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String table = Files.readString(statusLog);
            // A scheduled cycle may have run too: look for both objects among all steps.
            assertThat(table.lines().filter(l -> l.contains("Pull Updates") && l.contains("Completed")))
                    .anySatisfy(l -> assertThat(l).contains("Lead"))
                    .anySatisfy(l -> assertThat(l).contains("Contact"));
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).doesNotContain("Exception");
    }

    private static Process start(List<String> command, Path app, Path jar, Map<String, String> env, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        for (String part : command) {
            cmd.add(part.equals("/app/sfsync.jar") ? jar.toString() : part.replace("/app", app.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
