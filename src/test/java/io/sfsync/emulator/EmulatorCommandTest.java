package io.sfsync.emulator;

import io.sfsync.cli.EmulatorCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmulatorCommandTest {

    @Test
    void starts_the_emulator_prints_login_details_without_the_secret_and_stops_cleanly() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        EmulatorCommand cmd = new EmulatorCommand(new PrintStream(buf, true, StandardCharsets.UTF_8));
        CommandLine cli = new CommandLine(cmd);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0",
                "--seed-leads", "7", "--seed-contacts", "3", "--client-secret", "top-secret-value"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cmd.runningServer().isPresent()
                && buf.toString(StandardCharsets.UTF_8).contains("Press Ctrl+C"));
        EmulatorServer server = cmd.runningServer().orElseThrow();
        assertThat(server.org().count("Lead")).isEqualTo(7);
        assertThat(server.org().count("Contact")).isEqualTo(3);
        String banner = buf.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains(server.baseUrl(), "sync@sfsync.local", "sfsync-demo").doesNotContain("top-secret-value");
        cmd.stop();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(cmd.runningServer()).isEmpty();
    }

    @Test
    void help_lists_the_options_with_defaults() {
        StringWriter help = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setOut(new PrintWriter(help));
        assertThat(cli.execute("--help")).isZero();
        assertThat(help.toString()).contains("--port", "Default: 7070", "--host", "127.0.0.1", "--seed-leads",
                "--seed-contacts", "--username", "--password", "--client-id", "--client-secret", "--schema");
    }
}
