package io.sfsync.pull;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.RecordWriter;
import java.sql.Connection;

/**
 * The state of one Pull Updates step while the route pages through Salesforce. It holds the
 * step's database transaction: an incremental step commits once at the end (or rolls back
 * as a whole); a first pull commits page by page so a long initial load can resume.
 */
public final class PullRun {
    final String cycleId;
    final ObjectMapping mapping;
    final RecordWriter writer;
    final long stepId;
    final String soql;
    final Connection connection;
    final StepCounts counts = new StepCounts();
    final long startedNanos = System.nanoTime();
    final boolean firstPull;
    Watermark watermark;
    String nextRecordsUrl;
    long totalSize = -1;
    int pages;
    /** Set when the API budget guard stopped the step early. */
    String stoppedBy;

    PullRun(String cycleId, ObjectMapping mapping, RecordWriter writer, long stepId, Watermark watermark, String soql,
            Connection connection) {
        this.cycleId = cycleId;
        this.mapping = mapping;
        this.writer = writer;
        this.stepId = stepId;
        this.watermark = watermark;
        this.firstPull = watermark == null;
        this.soql = soql;
        this.connection = connection;
    }

    /** The SOQL of the first page. */
    public String getSoql() {
        return soql;
    }

    /** The relative URL of the next page, or null when the step has no more pages to read. */
    public String getNextRecordsUrl() {
        return nextRecordsUrl;
    }

    public String getObject() {
        return mapping.object();
    }

    public StepCounts counts() {
        return counts;
    }
}
