package io.sfsync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar target/sfsync.jar <args> --config=<file>} as a user or a container runs it, its configuration written
 * to a file and its output (standard output and error) to a log file, both numbered in {@code dir}.
 */
public record JarRun(Process process, Path logFile) {

    /** Everything the process printed so far. */
    public String log() throws IOException {
        return Files.readString(logFile);
    }

    /** Starts run number {@code n} of a test: sfsync-n.properties and run-n.log in {@code dir}. */
    public static JarRun start(Path dir, int n, Properties config, String... args) throws IOException {
        Path file = dir.resolve("sfsync-" + n + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, null);
        }
        Path log = dir.resolve("run-" + n + ".log");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/sfsync.jar").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.add("--config=" + file);
        return new JarRun(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }
}
