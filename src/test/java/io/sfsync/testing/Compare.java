package io.sfsync.testing;

import java.math.BigDecimal;

/** Compares a value Salesforce holds with the text the local database returns for it. */
public final class Compare {

    private Compare() {
    }

    public static boolean sameValue(Object sfValue, String dbText) {
        if (sfValue == null || dbText == null) {
            return sfValue == null && dbText == null;
        }
        if (sfValue instanceof Number n) {
            return new BigDecimal(n.toString()).compareTo(new BigDecimal(dbText)) == 0;
        }
        if (sfValue instanceof Boolean b) {
            return b == Boolean.parseBoolean(dbText);
        }
        return sfValue.toString().equals(dbText);
    }
}
