package io.sfsync.cli;

import io.sfsync.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose sfsync.* (and camel.*) keys override the defaults.")
    Path file;

    public Properties load() {
        return ConfigLoader.load(file);
    }
}
