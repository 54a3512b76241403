package io.sfsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.store.ConflictStore;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;

/**
 * The conflicts log ({@code sync_conflict}) as JSON, for {@code GET /api/conflicts} (routes/admin/conflicts-api) and
 * {@code sfsync conflicts list}.
 */
public final class ConflictJson {

    public static final int MAX_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;

    public ConflictJson(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest conflicts, a page of limit after offset; 400 ({@link BadParameterException}) for a bad parameter. */
    public String list(String object, String since, String limit, String offset) throws SQLException, JsonProcessingException {
        return JSON.writeValueAsString(ConflictStore.list(dataSource, blankToNull(object), since(since), limit(limit),
                offset(offset)));
    }

    /** The {@code X-Total-Count} of {@link #list}: how many conflicts match, whatever the limit and offset. */
    public long count(String object, String since) throws SQLException {
        return ConflictStore.count(dataSource, blankToNull(object), since(since));
    }

    public static List<ConflictStore.Row> parse(String json) throws JsonProcessingException {
        return JSON.readValue(json, new TypeReference<>() { });
    }

    public static int limit(String raw) {
        return BadParameterException.wholeNumber("limit", raw, 50, 1, MAX_LIMIT);
    }

    public static int offset(String raw) {
        return BadParameterException.wholeNumber("offset", raw, 0, 0, Integer.MAX_VALUE);
    }

    public static OffsetDateTime since(String raw) {
        try {
            return DeadLetterFilter.since(raw, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("since " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
