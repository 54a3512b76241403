package io.sfsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/sfsync.jar ...} as a process of its own, its stdout and stderr in files. */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private JarProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the jar the build produced ({@code mvn package}) in {@code dir} with these arguments. */
    public static JarProcess start(Path dir, String... args) throws IOException {
        return start(dir, Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with these environment variables (the caller's SFSYNC_* and CAMEL_* are not passed on). */
    public static JarProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of("target/sfsync.jar").toAbsolutePath();
        assertThat(jar).as("run 'mvn -DskipTests package' first").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SFSYNC_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), out, err);
    }

    /** Runs to the end (at most two minutes) and returns the exit code. */
    public int exitCode() throws InterruptedException {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("process ends; stderr: %s", errText()).isTrue();
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String outText() {
        return read(out);
    }

    public String errText() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then the exit code (at most a minute). */
    public int stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        return process.exitValue();
    }

    /**
     * A --config file in {@code dir} for a jar process: its own data folder, the repository's routes and mappings,
     * Lead and Contact, no extra demo data, a free admin port; then {@code lines} ("key=value"), which win over these.
     */
    public static Path configFile(Path dir, String... lines) throws IOException {
        List<String> config = new ArrayList<>(List.of(
                "sfsync.data-dir=" + dir.resolve("data"),
                "sfsync.routes-dir=" + Path.of("routes").toAbsolutePath(),
                "sfsync.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "sfsync.objects=Lead,Contact",
                "sfsync.salesforce.emulator.seed-extra=",
                "camel.server.port=" + TestApp.freePort()));
        config.addAll(List.of(lines));
        Path file = Files.createTempFile(dir, "sfsync", ".properties");
        Files.write(file, config);
        return file;
    }

    /** A copy of the folder {@code from} (routes/, mappings/) at {@code to}, for a test that changes its files. */
    public static Path copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
