package io.sfsync.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Dead letters as the command line prints them: a fixed-width table ({@code list}) and every field ({@code show}). */
public final class DeadLetterTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] HEADERS = {"ID", "CREATED", "OBJECT", "OPERATION", "RECORD ID", "ERROR CODE", "STATUS",
        "ATTEMPTS", "MESSAGE"};
    private static final int MESSAGE_WIDTH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterTable() {
    }

    public static String render(List<DeadLetter> letters) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (DeadLetter l : letters) {
            cells.add(new String[] {String.valueOf(l.id()), time(l.createdAt()), l.object(), l.operation(),
                orDash(l.recordId()), l.errorCode(), l.status(), String.valueOf(l.attempts()), oneLine(l.errorMessage())});
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
                boolean numeric = i == 0 || i == 7;
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(numeric ? pad + row[i] : row[i] + pad).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Every field, one a line, then the payload as indented JSON. */
    public static String details(DeadLetter l) {
        StringBuilder sb = new StringBuilder();
        field(sb, "id", String.valueOf(l.id()));
        field(sb, "created", time(l.createdAt()));
        field(sb, "object", l.object());
        field(sb, "operation", l.operation());
        field(sb, "record id", orDash(l.recordId()));
        field(sb, "error code", l.errorCode());
        field(sb, "error message", l.errorMessage());
        field(sb, "status", l.status());
        field(sb, "resolved", time(l.resolvedAt()));
        field(sb, "attempts", String.valueOf(l.attempts()));
        field(sb, "last attempt", time(l.lastAttemptAt()));
        field(sb, "last error", orDash(l.lastError()));
        field(sb, "cycle", orDash(l.cycleId()));
        field(sb, "step", l.stepId() == null ? "-" : String.valueOf(l.stepId()));
        sb.append("payload:\n").append(pretty(l.payload())).append('\n');
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':').append(" ".repeat(15 - name.length())).append(value).append('\n');
    }

    private static String pretty(String payload) {
        if (payload == null) {
            return "-";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(payload));
        } catch (IOException notJson) {
            return payload;
        }
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : TIME.format(t.atZoneSameInstant(ZoneId.systemDefault()));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.replaceAll("\\s+", " ").trim();
        return s.length() > MESSAGE_WIDTH ? s.substring(0, MESSAGE_WIDTH - 3) + "..." : s;
    }
}
