package io.sfsync.status;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The status log and a step's failed records as CSV (requirement L4), with Commons CSV: RFC 4180 quoting (commas,
 * quotes, line breaks), times in ISO-8601 with offset, and every cell a spreadsheet would take for a formula
 * (starting with {@code = + - @}, a tab or a carriage return) prefixed with a single quote, so it opens as text.
 */
public final class StepCsv {

    static final String[] STEP_HEADER = {"id", "cycleId", "object", "operation", "status", "startedAt", "finishedAt",
        "created", "updated", "deleted", "failed", "skipped", "expected", "message", "instance", "apiCalls"};
    static final String[] RECORD_HEADER = {"id", "createdAt", "stepId", "object", "operation", "recordId", "errorCode",
        "errorMessage", "status", "resolvedAt", "attempts", "lastAttemptAt", "lastError", "payload"};
    private static final int PAGE = 1000;

    private final StepLog stepLog;
    private final DeadLetterStore deadLetters;

    public StepCsv(StepLog stepLog, DeadLetterStore deadLetters) {
        this.stepLog = stepLog;
        this.deadLetters = deadLetters;
    }

    /** The steps the filter matches, in its order, one row each after the header; {@code out} is left open. */
    public void steps(StepFilter filter, Writer out) throws IOException, SQLException {
        write(out, STEP_HEADER, csv -> stepLog.each(filter, s -> stepRow(csv, s)));
    }

    /** The dead letters of one step, oldest first, with their payload; {@code out} is left open. */
    public void failedRecords(long stepId, Writer out) throws IOException, SQLException {
        write(out, RECORD_HEADER, csv -> {
            List<DeadLetter> page;
            int offset = 0;
            do {
                page = deadLetters.ofStep(stepId, PAGE, offset);
                page.forEach(d -> letterRow(csv, d));
                offset += PAGE;
            } while (page.size() == PAGE);
        });
    }

    /**
     * A cell as a spreadsheet will show it and never run: text starting with {@code = + - @}, a tab or a carriage
     * return gets a leading single quote.
     */
    public static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    /** The steps given, one row each after the header; {@code out} is left open. */
    public static void steps(List<StepRow> steps, Writer out) throws IOException {
        write(out, STEP_HEADER, csv -> steps.forEach(s -> stepRow(csv, s)));
    }

    /** The dead letters given, one row each after the header (an empty payload cell for those listed without). */
    public static void deadLetters(List<DeadLetter> letters, Writer out) throws IOException {
        write(out, RECORD_HEADER, csv -> letters.forEach(d -> letterRow(csv, d)));
    }

    /** Any table: a header and rows of values (null: empty, times ISO-8601), cells neutralised; {@code out} left open. */
    public static void table(Writer out, String[] header, List<Object[]> rows) throws IOException {
        write(out, header, csv -> rows.forEach(r -> row(csv, r)));
    }

    /** What writes the rows of one CSV: from the database ({@code E} SQLException) or from a list. */
    private interface Rows<E extends Exception> {
        void write(CSVPrinter csv) throws E;
    }

    /** The header, then the rows; a write that fails inside the rows is thrown as the IOException it is. */
    private static <E extends Exception> void write(Writer out, String[] header, Rows<E> rows) throws IOException, E {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header).get());
        try {
            rows.write(csv);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    private static void stepRow(CSVPrinter csv, StepRow s) {
        row(csv, s.id(), s.cycleId(), s.object(), s.operation(), s.status(), s.startedAt(), s.finishedAt(), s.created(),
                s.updated(), s.deleted(), s.failed(), s.skipped(), s.expected(), s.message(), s.instance(), s.apiCalls());
    }

    private static void letterRow(CSVPrinter csv, DeadLetter d) {
        row(csv, d.id(), d.createdAt(), d.stepId(), d.object(), d.operation(), d.recordId(), d.errorCode(),
                d.errorMessage(), d.status(), d.resolvedAt(), d.attempts(), d.lastAttemptAt(), d.lastError(), d.payload());
    }

    private static void row(CSVPrinter csv, Object... values) {
        Object[] cells = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            cells[i] = v == null ? "" : v instanceof OffsetDateTime t ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t) : safe(v.toString());
        }
        try {
            csv.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
