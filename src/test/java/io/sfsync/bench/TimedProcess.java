package io.sfsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A command run to its end, its output (and errors) in a log file, timed from the process's start to its exit. */
record TimedProcess(List<String> command, int exitCode, double seconds, Path log, java.time.Instant started) {

    /** Runs {@code command}; {@code environment} may change the environment it inherits. */
    static TimedProcess run(List<String> command, Consumer<Map<String, String>> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment.accept(builder.environment());
        java.time.Instant started = java.time.Instant.now();
        long t0 = System.nanoTime();
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout + "; see " + log);
        }
        return new TimedProcess(command, p.exitValue(), (System.nanoTime() - t0) / 1e9, log, started);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** This run when it exited with 0; else an error with the command, its exit code and the end of its output. */
    TimedProcess checked() throws IOException {
        if (exitCode != 0) {
            String out = output().strip();
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ": "
                    + (out.length() > 2_000 ? "..." + out.substring(out.length() - 2_000) : out) + " (all of it in "
                    + log + ")");
        }
        return this;
    }
}
