package io.sfsync.config;

import io.sfsync.cycle.CyclePeriod;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * One {@code sfsync.*} key, declared once (kafka-connect's {@code ConfigDef}, Debezium's {@code Field}):
 * its type, default, allowed values, whether it is a secret, and its documentation, which is the
 * "what it does" cell of its row in docs/configuration.md.
 *
 * @param required  an empty value is a mistake (otherwise empty means "not set")
 * @param allowed   the values of an {@link Type#ENUM}, matched ignoring case and {@code -} versus {@code _}
 */
public record ConfigKey(String name, Type type, String defaultValue, boolean required, long min, long max,
                        List<String> allowed, boolean secret, String doc) {

    public enum Type {
        /** Free text, such as a URL or a user name. */
        TEXT,
        /** A file or folder. */
        PATH,
        /** Comma-separated names. */
        LIST,
        /** A whole number between min and max. */
        INT,
        /** A share above 0 and at most 1, such as 0.8. */
        SHARE,
        BOOLEAN,
        /** One of {@code allowed}. */
        ENUM,
        /** A Salesforce API version such as 62.0. */
        API_VERSION,
        /** A Quartz cron expression that schedules cycles. */
        CRON,
        /** {@code Object:count} pairs, comma-separated. */
        OBJECT_COUNTS
    }

    public static ConfigKey text(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.TEXT, defaultValue, false, 0, 0, List.of(), false, doc);
    }

    public static ConfigKey path(String name, String defaultValue, String doc) {
        return new ConfigKey(name, Type.PATH, defaultValue, !defaultValue.isEmpty(), 0, 0, List.of(), false, doc);
    }

    public static ConfigKey of(String name, Type type, String defaultValue, String doc) {
        return new ConfigKey(name, type, defaultValue, type != Type.TEXT && type != Type.OBJECT_COUNTS, 0, 0, List.of(),
                false, doc);
    }

    public static ConfigKey integer(String name, String defaultValue, long min, long max, String doc) {
        return new ConfigKey(name, Type.INT, defaultValue, true, min, max, List.of(), false, doc);
    }

    public static ConfigKey oneOf(String name, String defaultValue, List<String> allowed, String doc) {
        return new ConfigKey(name, Type.ENUM, defaultValue, true, 0, 0, List.copyOf(allowed), false, doc);
    }

    /** A value that is never logged and belongs in the environment, not in a committed file. */
    public ConfigKey asSecret() {
        return new ConfigKey(name, type, defaultValue, required, min, max, allowed, true, doc);
    }

    /** Empty is allowed and means the key's documented fallback (for an enum: its default). */
    public ConfigKey optional() {
        return new ConfigKey(name, type, defaultValue, false, min, max, allowed, secret, doc);
    }

    /** What is wrong with {@code value} (trimmed) for this key, naming the key; null when nothing is. */
    public String problem(String value) {
        if (value.isEmpty()) {
            return required ? "configuration key '" + name + "' must be set" : null;
        }
        String prefix = "configuration key '" + name + "' is ";
        switch (type) {
            case INT -> {
                long i;
                try {
                    i = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return prefix + "'" + value + "'; it must be a whole number";
                }
                if (i < min || i > max) {
                    return prefix + i + "; it must be between " + min + " and " + max;
                }
            }
            case SHARE -> {
                double d;
                try {
                    d = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return prefix + "'" + value + "'; it must be a number such as 0.8";
                }
                if (!(d > 0 && d <= 1)) {
                    return prefix + value + "; it must be above 0 and at most 1";
                }
            }
            case BOOLEAN -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    return prefix + "'" + v + "'; it must be true or false";
                }
            }
            case ENUM -> {
                if (canonical(value) == null) {
                    return prefix + "'" + value + "'; it must be one of " + String.join(", ", allowed);
                }
            }
            case API_VERSION -> {
                if (!value.matches("\\d{2,3}\\.0")) {
                    return prefix + "'" + value + "'; it must be a Salesforce API version such as 62.0";
                }
            }
            case CRON -> {
                try {
                    CyclePeriod.of(value, new Date());
                } catch (ConfigException e) {
                    return e.getMessage();
                }
            }
            case OBJECT_COUNTS -> {
                for (String pair : value.split(",")) {
                    if (!pair.isBlank() && !pair.trim().matches("[^:\\s]+\\s*:\\s*\\d{1,7}")) {
                        return "configuration key '" + name + "': '" + pair.trim()
                                + "' is not Object:count (for example Account:40)";
                    }
                }
            }
            default -> {
                // TEXT, PATH and LIST take any text; their meaning is checked where they are used.
            }
        }
        return null;
    }

    /** The allowed value {@code value} stands for (case and {@code -}/{@code _} ignored), or null. */
    public String canonical(String value) {
        String v = value.trim().replace('-', '_');
        return allowed.stream().filter(a -> a.replace('-', '_').equalsIgnoreCase(v)).findFirst().orElse(null);
    }

    /** The value as the start-up log shows it: a secret that is set is {@code ****}. */
    public String display(String value) {
        if (value.isEmpty()) {
            return "(empty)";
        }
        return secret ? "****" : value;
    }
}
