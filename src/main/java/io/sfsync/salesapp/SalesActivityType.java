package io.sfsync.salesapp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sales activities of requirement A3, by the names the sales app writes into {@code sales_activity.activity_type},
 * sfsync records in {@code person_activity.activity_type} and {@code sfsync.sales-app.task-activity-types} lists.
 * Fixed: the sales app's vocabulary, not a mapping.
 */
public enum SalesActivityType {
    SEND_SALES_EMAIL("Send Sales Email", "Email"),
    OPEN_SALES_EMAIL("Open Sales Email", "Email opened"),
    CLICK_SALES_EMAIL("Click Sales Email", "Email link clicked"),
    REPLY_TO_SALES_EMAIL("Reply to Sales Email", "Email reply"),
    SALES_EMAIL_BOUNCED("Sales Email Bounced", "Email bounced"),
    RECEIVED_SALES_CALL("Received Sales Call", "Call"),
    ADDED_TO_SALES_CAMPAIGN("Added to Sales Campaign", "Added to sales campaign"),
    REMOVED_FROM_SALES_CAMPAIGN("Removed from Sales Campaign", "Removed from sales campaign");

    private final String label;
    private final String taskPrefix;

    SalesActivityType(String label, String taskPrefix) {
        this.label = label;
        this.taskPrefix = taskPrefix;
    }

    /** The name in both databases and in the configuration, e.g. {@code Send Sales Email}. */
    public String label() {
        return label;
    }

    /**
     * The subject of the Salesforce Task for an activity with this subject: Salesforce's own style for logged
     * activities, {@code Email: <subject>}, {@code Call: <subject>}; the prefix alone without a subject.
     */
    public String taskSubject(String subject) {
        String s = subject == null || subject.isBlank() ? taskPrefix : taskPrefix + ": " + subject.strip();
        return s.length() <= 255 ? s : s.substring(0, 255);
    }

    /** The type written as {@code name} (case and surrounding blanks ignored), if it is one. */
    public static Optional<SalesActivityType> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.label.toLowerCase(Locale.ROOT).equals(n)).findFirst();
    }

    /** Every name, in the order above, for messages. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(SalesActivityType::label).toList();
    }
}
