package io.sfsync.cli;

import io.sfsync.config.ConfigException;
import io.sfsync.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --config FILE} option every command shares. It may stand before the command
 * ({@code sfsync --config FILE run}) or after it ({@code sfsync run --config FILE}); a file given
 * in either place is read, never dropped.
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose sfsync.* (and camel.*) keys override the defaults. "
                    + "May also be given before the command.")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    public Properties load() {
        return ConfigLoader.load(file());
    }

    /** This command's {@code --config}, else the one given to an enclosing command; null when none. */
    Path file() {
        Path chosen = file;
        for (CommandSpec c = command == null ? null : command.parent(); c != null; c = c.parent()) {
            Path outer = outerFile(c);
            if (outer == null) {
                continue;
            }
            if (chosen != null && !chosen.equals(outer)) {
                throw new ConfigException("--config is given twice, " + outer + " before the command and " + chosen
                        + " after it; give it once");
            }
            chosen = outer;
        }
        return chosen;
    }

    private static Path outerFile(CommandSpec c) {
        for (CommandSpec mixin : c.mixins().values()) {
            if (mixin.userObject() instanceof ConfigOption o) {
                return o.file;
            }
        }
        return null;
    }
}
