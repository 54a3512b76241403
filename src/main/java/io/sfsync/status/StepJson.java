package io.sfsync.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterStore;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sync-status log as JSON, served by {@code routes/admin/sync-step*-api.camel.yaml} and read by
 * {@code sfsync status}: the filtered log, its facets, one step and the records it failed.
 */
public final class StepJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    public static final int DEFAULT_LIMIT = StepFilter.DEFAULT_LIMIT;
    public static final int MAX_LIMIT = StepFilter.MAX_LIMIT;

    private final StepLog stepLog;
    private final DeadLetterStore deadLetters;

    public StepJson(StepLog stepLog, DeadLetterStore deadLetters) {
        this.stepLog = stepLog;
        this.deadLetters = deadLetters;
    }

    /**
     * The filter of {@code GET /api/sync-steps} from its request parameters (see {@link StepFilter#parse}); dates
     * without an offset are in the service's time zone.
     *
     * @throws BadParameterException naming the parameter that cannot be used
     */
    public StepFilter filter(String from, String to, String object, String operation, String status, String sort,
                             String order, String limit, String offset) {
        return StepFilter.parse(from, to, object, operation, status, sort, order, limit, offset, ZoneId.systemDefault());
    }

    /** The steps the filter asks for, as a JSON array. */
    public String list(StepFilter filter) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(stepLog.find(filter));
    }

    /** The {@code X-Total-Count} of {@link #list}: how many steps match, whatever the limit and offset. */
    public long count(StepFilter filter) throws SQLException {
        return stepLog.count(filter);
    }

    /** {@code GET /api/sync-steps/facets}: the objects and operations in the log and the five statuses, sorted. */
    public String facets() throws SQLException, JsonProcessingException {
        List<String> statuses = new ArrayList<>();
        for (StepStatus s : StepStatus.values()) {
            statuses.add(s.label());
        }
        statuses.sort(null);
        Map<String, List<String>> facets = new LinkedHashMap<>();
        facets.put("objects", stepLog.distinct("object_name"));
        facets.put("operations", stepLog.distinct("operation"));
        facets.put("statuses", statuses);
        return JSON.writeValueAsString(facets);
    }

    /**
     * The id of a step in a request path, checked: 400 when it is not a whole number, 404 when there is no such step.
     */
    public long stepId(String raw) throws SQLException {
        long id;
        try {
            id = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("a step's id is a whole number, got '" + raw + "'");
        }
        if (stepLog.get(id).isEmpty()) {
            throw new NotFoundException("there is no step " + id + " in the status log (sync_step); it may be older "
                    + "than the retention (sfsync.status.retention-days)");
        }
        return id;
    }

    /** {@code GET /api/sync-steps/{id}}: one step. */
    public String step(long id) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(stepLog.get(id).orElseThrow(() -> new NotFoundException("there is no step " + id)));
    }

    /** {@code GET /api/sync-steps/{id}/failed-records}: the step's dead letters, oldest first, without payload. */
    public String failedRecords(long id, String limit, String offset) throws SQLException, JsonProcessingException {
        List<DeadLetter> letters = deadLetters.ofStep(id,
                BadParameterException.wholeNumber("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                BadParameterException.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE));
        return JSON.writeValueAsString(letters.stream().map(DeadLetter::withoutPayload).toList());
    }

    /** The {@code X-Total-Count} of {@link #failedRecords}. */
    public long failedRecordsCount(long id) throws SQLException {
        return deadLetters.countOfStep(id);
    }

    public static List<StepRow> parse(String json) throws JsonProcessingException {
        return Arrays.asList(JSON.readValue(json, StepRow[].class));
    }

    /** The cycles of {@code GET /api/sync-cycles}. */
    public static List<CycleLog.CycleRow> parseCycles(String json) throws JsonProcessingException {
        return Arrays.asList(JSON.readValue(json, CycleLog.CycleRow[].class));
    }

    public static String write(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }
}
