package io.sfsync.mapping;

/** How a change made on both sides within one cycle is resolved (used by the push pipelines). */
public enum ConflictPolicy {
    SALESFORCE_WINS("salesforce-wins"),
    LOCAL_WINS("local-wins"),
    NEWEST_WINS("newest-wins");

    private final String yamlName;

    ConflictPolicy(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static ConflictPolicy fromYaml(String s) {
        for (ConflictPolicy p : values()) {
            if (p.yamlName.equals(s)) {
                return p;
            }
        }
        return null;
    }
}
