package io.sfsync.status;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders sync-status rows as a fixed-width text table for the command line. */
public final class StepTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] HEADERS = {"STARTED", "FINISHED", "OBJECT", "OPERATION", "STATUS",
        "NEW", "UPDATED", "DELETED", "FAILED", "SKIPPED", "CALLS", "INSTANCE", "MESSAGE"};

    private StepTable() {
    }

    public static String render(List<StepRow> rows) {
        if (rows.isEmpty()) {
            return "No sync steps recorded yet.\n";
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (StepRow r : rows) {
            cells.add(new String[] {time(r.startedAt()), time(r.finishedAt()), r.object(), r.operation(), r.status(),
                String.valueOf(r.created()), String.valueOf(r.updated()), String.valueOf(r.deleted()),
                String.valueOf(r.failed()), String.valueOf(r.skipped()), r.apiCalls() == null ? "-" : String.valueOf(r.apiCalls()),
                r.instance() == null ? "-" : r.instance(),
                oneLine(r.message())});
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 5 && i <= 10;
                String cell = numeric ? " ".repeat(width[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(width[i] - row[i].length());
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t.atZoneSameInstant(ZoneId.systemDefault()));
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("\\s+", " ").trim();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
