package io.sfsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sfsync.status.Backlog;
import io.sfsync.status.StepJson;
import io.sfsync.status.Throughput;
import java.sql.SQLException;

/** Backlog and throughput (requirement S9) as JSON, for {@code GET /api/backlog} and {@code GET /api/throughput}. */
public final class ActivityJson {

    private final Backlog backlog;
    private final Throughput throughput;

    public ActivityJson(Backlog backlog, Throughput throughput) {
        this.backlog = backlog;
        this.throughput = throughput;
    }

    /** Every synced object, push and pull: what waits, since when, and the open dead letters. */
    public String backlog() throws SQLException, JsonProcessingException {
        return StepJson.write(backlog.items());
    }

    /**
     * Records per object and direction over the last {@code hours} (1 to 168, default 24) in buckets of
     * {@code bucket} minutes (1 to 1440, default 15).
     *
     * @throws BadParameterException for any other value
     */
    public String throughput(String hours, String bucket) throws SQLException, JsonProcessingException {
        return StepJson.write(throughput.over(BadParameterException.wholeNumber("hours", hours, 24, 1, 168),
                BadParameterException.wholeNumber("bucket", bucket, 15, 1, 1440)));
    }
}
