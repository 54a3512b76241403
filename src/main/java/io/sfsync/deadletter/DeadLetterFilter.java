package io.sfsync.deadletter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Which dead letters to list or replay: by object, operation, status (null: any) and creation time, newest first, at
 * most {@code limit} after the first {@code offset}. The same filters serve {@code sfsync dead-letters list} and
 * {@code GET /api/dead-letters}.
 */
public record DeadLetterFilter(String object, String operation, String status, OffsetDateTime since, int limit,
                               int offset) {

    /** The first page: no offset. */
    public DeadLetterFilter(String object, String operation, String status, OffsetDateTime since, int limit) {
        this(object, operation, status, since, limit, 0);
    }

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;
    /** The word that asks for every status. */
    public static final String ANY_STATUS = "all";
    private static final List<String> STATUSES = List.of(DeadLetter.NEW, DeadLetter.REPLAYED, DeadLetter.DISCARDED);

    /**
     * A status as given ({@code new}, {@code Replayed}, ...) in its stored spelling; blank gives New, {@code all}
     * gives null (any status).
     *
     * @throws IllegalArgumentException naming the statuses there are
     */
    public static String status(String raw) {
        if (raw == null || raw.isBlank()) {
            return DeadLetter.NEW;
        }
        String s = raw.trim();
        if (s.equalsIgnoreCase(ANY_STATUS)) {
            return null;
        }
        for (String known : STATUSES) {
            if (known.equalsIgnoreCase(s)) {
                return known;
            }
        }
        throw new IllegalArgumentException("must be one of New, Replayed, Discarded or all, got '" + raw + "'");
    }

    /**
     * An ISO date ({@code 2026-11-30}: from its start) or date-time ({@code 2026-11-30T08:00}, with seconds and an
     * offset such as {@code Z} or {@code +01:00} if wanted); without an offset it is a time in {@code zone}. Blank: null.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static OffsetDateTime since(String raw, ZoneId zone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toOffsetDateTime();
            }
            try {
                return OffsetDateTime.parse(s);
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(s).atZone(zone).toOffsetDateTime();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO date (2026-11-30) or date-time (2026-11-30T08:00, "
                    + "2026-11-30T08:00:00Z), got '" + raw + "'");
        }
    }
}
