package io.sfsync.emulator.soql;

import io.sfsync.emulator.SalesforceApiException;

/** Builds SOQL errors in Salesforce's format: the query line, a caret, "ERROR at Row:r:Column:c" and the message. */
public final class SoqlErrors {

    private SoqlErrors() {
    }

    static String format(String soql, int row, int column, String message) {
        String[] lines = soql.split("\n", -1);
        String line = row - 1 < lines.length ? lines[row - 1] : "";
        return "\n" + line + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:" + row + ":Column:" + column
                + "\n" + message;
    }

    static SalesforceApiException malformed(String soql, int row, int column, String message) {
        return new SalesforceApiException(400, "MALFORMED_QUERY", format(soql, row, column, message));
    }

    public static SalesforceApiException at(String errorCode, String soql, SoqlLexer.Token token, String message) {
        return new SalesforceApiException(400, errorCode, format(soql, token.row(), token.column(), message));
    }
}
