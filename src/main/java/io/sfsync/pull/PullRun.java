package io.sfsync.pull;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.store.RecordWriter;

/** The state of one Pull Updates step while the route pages through Salesforce. */
public final class PullRun {
    final String cycleId;
    final ObjectMapping mapping;
    final RecordWriter writer;
    final long stepId;
    final String soql;
    final StepCounts counts = new StepCounts();
    final long startedNanos = System.nanoTime();
    final boolean firstPull;
    Watermark watermark;
    String nextRecordsUrl;
    long totalSize = -1;
    int pages;

    PullRun(String cycleId, ObjectMapping mapping, RecordWriter writer, long stepId, Watermark watermark, String soql) {
        this.cycleId = cycleId;
        this.mapping = mapping;
        this.writer = writer;
        this.stepId = stepId;
        this.watermark = watermark;
        this.firstPull = watermark == null;
        this.soql = soql;
    }

    /** The SOQL of the first page. */
    public String getSoql() {
        return soql;
    }

    /** The relative URL of the next page, or null when the last page has been applied. */
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
