package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.cycle.SyncStep;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.LeadConversions;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;

/** The state of one Pull Conversions step while the route pages through converted Leads; holds its transaction. */
public final class ConversionsRun extends SyncStep {
    private final PullConversions owner;
    final ObjectMapping mapping;
    final LeadConversions conversions;
    final String soql;
    final Connection connection;
    final StepCounts counts = new StepCounts();
    Watermark watermark;
    String nextRecordsUrl;
    int merged;

    ConversionsRun(PullConversions owner, String cycleId, ObjectMapping mapping, LeadConversions conversions,
                   long stepId, Watermark watermark, String soql, Connection connection) {
        super(cycleId, mapping.object(), PullConversions.OPERATION, stepId);
        this.owner = owner;
        this.mapping = mapping;
        this.conversions = conversions;
        this.watermark = watermark;
        this.soql = soql;
        this.connection = connection;
    }

    /** The SOQL of the first page: converted Leads changed after the step's watermark. */
    @Override
    public String getSoql() {
        return soql;
    }

    @Override
    public String getFirstRead() {
        return FirstReads.query(soql);
    }

    /** The relative URL of the next page, or null when there is none. */
    @Override
    public String getNextPage() {
        return nextRecordsUrl;
    }

    @Override
    protected void readPage(InputStream body, String limitInfo) throws IOException, SQLException {
        owner.applyPage(this, body);
    }

    @Override
    public void complete() throws SQLException {
        owner.complete(this);
    }

    @Override
    public void fail(Exception cause) throws SQLException {
        owner.fail(this, cause);
    }

    public StepCounts counts() {
        return counts;
    }
}
