package io.sfsync.status;

import io.sfsync.admin.BadParameterException;
import io.sfsync.deadletter.DeadLetterFilter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which steps of the sync-status log to read (requirement L3), as {@code GET /api/sync-steps} and {@code sfsync status}
 * take them: started in [from, to), any of the objects, operations and statuses (empty: any), sorted by start or finish
 * time, newest first by default, a page of {@code limit} after {@code offset}.
 */
public record StepFilter(OffsetDateTime from, OffsetDateTime to, List<String> objects, List<String> operations,
                         List<String> statuses, Sort sort, boolean ascending, int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    /** What the log is sorted by; ties go by id in the same direction. */
    public enum Sort {
        /** started_at. */
        STARTED,
        /** finished_at: running steps (no finish time) first when newest first, last when oldest first. */
        FINISHED
    }

    /** Every step, newest first, the first {@code limit}. */
    public static StepFilter latest(int limit) {
        return new StepFilter(null, null, List.of(), List.of(), List.of(), Sort.STARTED, false, limit, 0);
    }

    /** The same filters and order without paging: every matching step (the CSV export). */
    public StepFilter unpaged() {
        return new StepFilter(from, to, objects, operations, statuses, sort, ascending, Integer.MAX_VALUE, 0);
    }

    /**
     * The filter of the request parameters (or command-line options) as given; null or blank ones take their default.
     * Dates are ISO dates or date-times, without an offset in {@code zone}; object, operation and status take one value
     * or a comma-separated list.
     *
     * @throws BadParameterException naming the parameter that cannot be used and what it takes
     */
    public static StepFilter parse(String from, String to, String object, String operation, String status, String sort,
                                   String order, String limit, String offset, ZoneId zone) {
        return new StepFilter(time("from", from, zone), time("to", to, zone), list(object), list(operation),
                statuses(status), sort(sort), ascending(order),
                BadParameterException.wholeNumber("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                BadParameterException.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    private static OffsetDateTime time(String name, String raw, ZoneId zone) {
        try {
            return DeadLetterFilter.since(raw, zone);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(name + " " + e.getMessage());
        }
    }

    static List<String> list(String raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String s : raw.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Statuses in their stored spelling, whatever the case given ("in progress", "Rolled back"). */
    private static List<String> statuses(String raw) {
        List<String> out = new ArrayList<>();
        for (String s : list(raw)) {
            StepStatus known = null;
            for (StepStatus st : StepStatus.values()) {
                if (st.label().equalsIgnoreCase(s)) {
                    known = st;
                }
            }
            if (known == null) {
                throw new BadParameterException("status must be one or more (comma-separated) of " + labels()
                        + ", got '" + s + "'");
            }
            out.add(known.label());
        }
        return List.copyOf(out);
    }

    static String labels() {
        List<String> labels = new ArrayList<>();
        for (StepStatus st : StepStatus.values()) {
            labels.add(st.label());
        }
        return String.join(", ", labels);
    }

    private static Sort sort(String raw) {
        if (raw == null || raw.isBlank()) {
            return Sort.STARTED;
        }
        try {
            return Sort.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("sort must be started or finished, got '" + raw + "'");
        }
    }

    private static boolean ascending(String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("desc")) {
            return false;
        }
        if (raw.trim().equalsIgnoreCase("asc")) {
            return true;
        }
        throw new BadParameterException("order must be desc (newest first) or asc, got '" + raw + "'");
    }
}
