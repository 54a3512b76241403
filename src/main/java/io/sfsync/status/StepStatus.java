package io.sfsync.status;

/** The status of a sync step, as the sync-status log shows it (requirement L1). */
public enum StepStatus {
    IN_PROGRESS("In Progress"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    INCOMPLETE("Incomplete"),
    ROLLED_BACK("Rolled back");

    private final String label;

    StepStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
