package io.sfsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md: each benchmark owns one "## " section and rewrites only that one. */
public final class BenchmarksDoc {

    private BenchmarksDoc() {
    }

    /** Replaces the section starting with {@code heading} (up to the next "## "), or appends it; other sections stay. */
    public static void writeSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file)
                : "# Benchmarks\n\nMeasured figures; each section says how to reproduce them.\n\n";
        int start = text.indexOf(heading + "\n");
        if (start < 0) {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        } else {
            int end = text.indexOf("\n## ", start + 3);
            text = text.substring(0, start) + section + (end < 0 ? "" : text.substring(end + 1));
        }
        Files.writeString(file, text);
    }
}
