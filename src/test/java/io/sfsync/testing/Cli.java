package io.sfsync.testing;

import io.sfsync.cli.SfsyncCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;

/** The command line run in-process, as a user types it: its exit code and what it printed. */
public final class Cli {

    /** What one command did. */
    public record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SfsyncCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A --config file in {@code dir} holding {@code config}. */
    public static Path configFile(Path dir, Properties config) throws IOException {
        Path file = Files.createTempFile(dir, "sfsync", ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            config.store(w, null);
        }
        return file;
    }
}
