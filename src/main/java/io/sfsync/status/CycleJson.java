package io.sfsync.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sfsync.admin.BadParameterException;
import java.sql.SQLException;

/** The cycles' API budget report as JSON, served by {@code routes/admin/sync-cycles-api.camel.yaml}. */
public final class CycleJson {

    private final CycleLog cycles;

    public CycleJson(CycleLog cycles) {
        this.cycles = cycles;
    }

    /**
     * The newest {@code limit} finished cycles (1 to 10,000, default 50), newest first, each with the Salesforce API
     * calls it used.
     *
     * @throws BadParameterException for any other limit
     */
    public String list(String limit) throws SQLException, JsonProcessingException {
        return StepJson.write(cycles.latest(BadParameterException.wholeNumber("limit", limit, 50, 1, 10_000)));
    }
}
