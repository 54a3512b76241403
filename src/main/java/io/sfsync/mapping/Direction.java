package io.sfsync.mapping;

import java.util.Locale;

/** Which way a mapped field flows. */
public enum Direction {
    /** Salesforce → local and local → Salesforce. */
    BOTH,
    /** Salesforce → local only. */
    PULL,
    /** local → Salesforce only. */
    PUSH;

    public boolean pulls() {
        return this != PUSH;
    }

    public boolean pushes() {
        return this != PULL;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
