package io.sfsync.pull;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.LeadConversions;
import java.sql.Connection;

/** The state of one Pull Conversions step while the route pages through converted Leads; holds its transaction. */
public final class ConversionsRun {
    final String cycleId;
    final ObjectMapping mapping;
    final LeadConversions conversions;
    final long stepId;
    final String soql;
    final Connection connection;
    final StepCounts counts = new StepCounts();
    Watermark watermark;
    String nextRecordsUrl;
    int merged;

    ConversionsRun(String cycleId, ObjectMapping mapping, LeadConversions conversions, long stepId, Watermark watermark,
                   String soql, Connection connection) {
        this.cycleId = cycleId;
        this.mapping = mapping;
        this.conversions = conversions;
        this.stepId = stepId;
        this.watermark = watermark;
        this.soql = soql;
        this.connection = connection;
    }

    /** The SOQL of the first page: converted Leads changed after the step's watermark. */
    public String getSoql() {
        return soql;
    }

    /** The relative URL of the next page, or null when there is none. */
    public String getNextRecordsUrl() {
        return nextRecordsUrl;
    }

    public StepCounts counts() {
        return counts;
    }
}
