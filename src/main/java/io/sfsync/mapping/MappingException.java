package io.sfsync.mapping;

import java.nio.file.Path;
import java.util.List;

/** One or more mistakes in mapping files; each line of the message names file, line and field. */
public class MappingException extends RuntimeException {

    private final List<String> problems;

    public MappingException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in mapping files:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    public static String at(Path file, int line, String what) {
        return display(file) + " line " + line + ": " + what;
    }

    static String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
