package io.sfsync.mapping;

import java.util.List;

/**
 * A local foreign key kept in step by Update FKs: {@code column} gets the local id of the row
 * of table {@code to} whose Salesforce id equals this row's {@code from} column (the first
 * of several {@code from} columns that matches, e.g. a campaign member's Contact, else Lead).
 */
public record LinkMapping(String column, List<String> from, String to, int line) {
}
