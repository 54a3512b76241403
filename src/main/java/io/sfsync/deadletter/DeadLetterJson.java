package io.sfsync.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sfsync.admin.BadParameterException;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * The dead letters as JSON, served by the admin HTTP API (routes/admin/dead-letter*-api.camel.yaml) and read by
 * {@code sfsync dead-letters} while the service runs.
 */
public final class DeadLetterJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private final DeadLetterReplay deadLetters;

    public DeadLetterJson(DeadLetterReplay deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * {@code GET /api/dead-letters}: the matching dead letters, newest first, without their payload, the page of
     * {@code limit} after {@code offset}. Parameters as {@code sfsync dead-letters list} takes them; absent ones do not
     * filter (status: New).
     *
     * @throws BadParameterException naming the parameter that cannot be used
     */
    public String list(String object, String operation, String status, String since, String limit, String offset)
            throws SQLException, JsonProcessingException {
        DeadLetterFilter filter = filter(object, operation, status, since, limit, offset);
        return JSON.writeValueAsString(deadLetters.store().list(filter).stream().map(DeadLetter::withoutPayload).toList());
    }

    /** The {@code X-Total-Count} of {@link #list}: how many dead letters match, whatever the limit and offset. */
    public long count(String object, String operation, String status, String since) throws SQLException {
        return deadLetters.store().count(filter(object, operation, status, since, null, null));
    }

    /** {@code GET /api/dead-letters/{id}}: every field, the payload too. */
    public String get(String id) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(deadLetters.get(id(id)));
    }

    /** {@code POST /api/dead-letters/{id}/replay}: what the replay did (200 also when it failed: the answer says so). */
    public String replay(String id) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(deadLetters.replay(id(id)));
    }

    /** {@code POST /api/dead-letters/{id}/discard}: the dead letter, now Discarded. */
    public String discard(String id) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(deadLetters.discard(id(id)));
    }

    static DeadLetterFilter filter(String object, String operation, String status, String since, String limit,
                                   String offset) {
        String chosenStatus;
        try {
            chosenStatus = DeadLetterFilter.status(status);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("status " + e.getMessage());
        }
        int n = BadParameterException.wholeNumber("limit", limit, DeadLetterFilter.DEFAULT_LIMIT, 1,
                DeadLetterFilter.MAX_LIMIT);
        int skip = BadParameterException.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE);
        try {
            return new DeadLetterFilter(blankToNull(object), blankToNull(operation), chosenStatus,
                    DeadLetterFilter.since(since, ZoneId.systemDefault()), n, skip);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("since " + e.getMessage());
        }
    }

    private static long id(String raw) {
        try {
            return Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("a dead letter's id is a whole number, got '" + raw + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static List<DeadLetter> parseList(String json) throws JsonProcessingException {
        return Arrays.asList(JSON.readValue(json, DeadLetter[].class));
    }

    public static DeadLetter parseLetter(String json) throws JsonProcessingException {
        return JSON.readValue(json, DeadLetter.class);
    }

    public static ReplayOutcome parseOutcome(String json) throws JsonProcessingException {
        return JSON.readValue(json, ReplayOutcome.class);
    }
}
