package io.sfsync.status;

/** The record counts of one step (requirement L1). */
public final class StepCounts {
    private int created;
    private int updated;
    private int deleted;
    private int failed;
    private int skipped;

    public void add(int created, int updated, int deleted, int failed, int skipped) {
        this.created += created;
        this.updated += updated;
        this.deleted += deleted;
        this.failed += failed;
        this.skipped += skipped;
    }

    /** These counts and one more page's, as a new object: a pull takes them as its counts only once the page commits. */
    public StepCounts plus(int created, int updated, int deleted, int failed, int skipped) {
        StepCounts sum = new StepCounts();
        sum.add(this.created + created, this.updated + updated, this.deleted + deleted, this.failed + failed,
                this.skipped + skipped);
        return sum;
    }

    public int created() {
        return created;
    }

    public int updated() {
        return updated;
    }

    public int deleted() {
        return deleted;
    }

    public int failed() {
        return failed;
    }

    public int skipped() {
        return skipped;
    }

    public int total() {
        return created + updated + deleted + failed + skipped;
    }
}
