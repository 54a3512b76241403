package io.sfsync.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sfsync.admin.BadParameterException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The sync-status log as JSON, served by {@code routes/admin/sync-steps-api.camel.yaml} and read by {@code sfsync status}. */
public final class StepJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    private final StepLog stepLog;

    public StepJson(StepLog stepLog) {
        this.stepLog = stepLog;
    }

    /**
     * The newest steps as a JSON array; {@code limit} (the request parameter) is a whole number from 1 to
     * 10,000, 50 when absent.
     *
     * @throws BadParameterException for any other limit
     */
    public String latest(String limit) throws SQLException, JsonProcessingException {
        int n = BadParameterException.wholeNumber("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return JSON.writeValueAsString(stepLog.latest(n));
    }

    public static List<StepRow> parse(String json) throws JsonProcessingException {
        return Arrays.asList(JSON.readValue(json, StepRow[].class));
    }
}
