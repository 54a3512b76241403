package io.sfsync.store.dialect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An insert-or-update of one row by its key, vendor-neutral: {@link SqlDialect#upsert} turns it into SQL. Values are
 * bound in the order of {@link #columns()} (the key columns, then the value columns); {@code onUpdate} sets columns
 * to a constant (such as {@code updated_at = CURRENT_TIMESTAMP}) when the row exists, leaving them to their default
 * on insert. Every name and constant is checked here: they are pasted into SQL, so they are never user values.
 */
public record Upsert(String table, List<String> keys, List<String> values, Map<String, String> onUpdate) {

    /** The same rule as a mapping file's table and column names; 63 characters is PostgreSQL's limit. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Keywords such as CURRENT_TIMESTAMP, NULL, TRUE, or a whole number. */
    private static final Pattern CONSTANT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+");

    public Upsert {
        identifier(table);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("upsert into " + table + ": no key column");
        }
        keys.forEach(Upsert::identifier);
        values.forEach(Upsert::identifier);
        onUpdate.forEach((column, constant) -> {
            identifier(column);
            if (!CONSTANT.matcher(constant).matches()) {
                throw new IllegalArgumentException("upsert into " + table + ": " + column + " = " + constant
                        + " is not a constant (a keyword such as CURRENT_TIMESTAMP, or a whole number)");
            }
        });
        Set<String> seen = new HashSet<>();
        for (String column : concat(keys, values, onUpdate.keySet())) {
            if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("upsert into " + table + ": column " + column + " given twice");
            }
        }
        keys = List.copyOf(keys);
        values = List.copyOf(values);
        onUpdate = Collections.unmodifiableMap(new LinkedHashMap<>(onUpdate));
    }

    public Upsert(String table, List<String> keys, List<String> values) {
        this(table, keys, values, Map.of());
    }

    /** The key columns, then the value columns: the order values are bound in. */
    public List<String> columns() {
        return concat(keys, values, List.of());
    }

    private static List<String> concat(Collection<String> a, Collection<String> b, Collection<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    /** The name, when it is a plain SQL identifier; otherwise {@link IllegalArgumentException}. */
    public static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL name (a letter or _, then letters, digits or _, at most 63): "
                    + name);
        }
        return name;
    }
}
