package io.sfsync.mapping;

import java.util.List;

/**
 * A local foreign key kept in step by Update FKs: {@code column} gets the local id of the row
 * of table {@code to} whose Salesforce id equals this row's {@code from} column (the first
 * of several {@code from} columns that matches, e.g. a campaign member's Contact, else Lead).
 *
 * @param pushes {@code direction: both}: the link is also read the other way before a push: {@code from} (one pushed
 *               column) gets the Salesforce id of the linked row, so a row linked locally (a task's person) sends
 *               its parent's id; rows not yet in Salesforce keep the link they were given locally
 */
public record LinkMapping(String column, List<String> from, String to, boolean pushes, int line) {

    public LinkMapping(String column, List<String> from, String to, int line) {
        this(column, from, to, false, line);
    }
}
