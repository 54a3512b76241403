package io.sfsync.push;

import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.mapping.PushOnlyWhen;
import io.sfsync.store.ColumnValues;
import io.sfsync.store.ObjectEnabling;
import io.sfsync.store.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a new row must meet to be created in Salesforce by Push New, from its mapping: {@code push-only-when} (its
 * column holds a listed value, S11), each pushed field with a strict value map ({@code values}: empty, or a value the
 * map lists), {@code push-created-after-enabling} (created after the object's sync was enabled), and each two-way link
 * (a row linked to a parent has the parent's Salesforce id). Push New selects the rows that meet all of them with SQL
 * (the values bound), and, for the others that have open changes, says why with {@link #reason}: their changes are
 * closed with it, so that each is counted as skipped once.
 */
final class NewRowRules {

    private static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /** One condition: its SQL on the row alias {@code t}, its bound values with their SQL types, why a row fails it. */
    private record Rule(String sql, List<Object> values, List<Integer> types, Function<Map<String, Object>, String> reason) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>();

    private NewRowRules() {
    }

    static NewRowRules of(Connection c, ObjectMapping m, TableSchema table) throws SQLException {
        NewRowRules out = new NewRowRules();
        PushOnlyWhen only = m.pushOnlyWhen();
        if (only != null) {
            String col = only.column();
            int type = table.typeOf(col);
            List<Object> values = new ArrayList<>();
            for (String v : only.values()) {
                values.add(ColumnValues.toColumn(v, type));
            }
            out.add(col, "(t." + col + " IS NOT NULL AND t." + col + " IN (" + marks(values.size()) + "))", values, type,
                    row -> only.admits(row.get(col)) ? null : only.reason(row.get(col), m));
        }
        for (FieldMapping f : Pusher.pushedFields(m)) {
            if (!f.strict()) {
                continue;
            }
            String col = f.column().toLowerCase(Locale.ROOT);
            int type = table.typeOf(col);
            List<Object> values = new ArrayList<>();
            for (String v : f.pushValues().keySet()) {
                try {
                    values.add(ColumnValues.toColumn(v, type));
                } catch (RuntimeException e) {
                    // a listed value the column cannot hold: no row holds it
                }
            }
            String in = values.isEmpty() ? "" : " OR t." + col + " IN (" + marks(values.size()) + ")";
            out.add(col, "(t." + col + " IS NULL" + in + ")", values, type,
                    row -> f.unsynced(row.get(col), false, m.displayFile()));
        }
        if (m.createdAfterEnabling() != null) {
            String col = m.createdAfterEnabling();
            ObjectEnabling enabled = ObjectEnabling.read(c, m.object());
            if (enabled == null) {
                out.add(col, "1 = 0", List.of(), Types.OTHER, row -> m.object() + " sync has no enabling moment yet (its "
                        + "first pull records it); rows created before it are not pushed (push-created-after-enabling in "
                        + m.displayFile() + ")");
            } else {
                Instant at = enabled.enabledAt().toInstant();
                out.add(col, "(t." + col + " IS NOT NULL AND t." + col + " >= ?)", List.of(enabled.enabledAt()),
                        Types.TIMESTAMP_WITH_TIMEZONE, row -> {
                            Instant created = instant(row.get(col));
                            return created != null && !created.isBefore(at) ? null : "created "
                                    + (created == null ? "at an unknown time" : "at " + iso(created)) + ", before "
                                    + m.object() + " sync was enabled at " + iso(at) + " (push-created-after-enabling in "
                                    + m.displayFile() + ")";
                        });
            }
        }
        for (LinkMapping link : m.links()) {
            if (!link.pushes()) {
                continue;
            }
            String col = link.column();
            List<String> from = link.from();
            out.columns.addAll(from);
            StringBuilder anyId = new StringBuilder("(t." + col + " IS NULL");
            from.forEach(f -> anyId.append(" OR t.").append(f).append(" IS NOT NULL"));
            out.add(col, anyId.append(')').toString(), List.of(), Types.OTHER,
                    row -> row.get(col) == null || from.stream().anyMatch(f -> row.get(f) != null) ? null : "its "
                            + link.to() + " (" + link.to() + "." + row.get(col) + ") is not synced (no Salesforce id), so "
                            + String.join(" and ", from) + " " + (from.size() == 1 ? "has" : "have") + " no value to "
                            + "send (link " + col + " in " + m.displayFile() + ")");
        }
        return out;
    }

    private void add(String column, String sql, List<Object> values, int type, Function<Map<String, Object>, String> why) {
        columns.add(column);
        rules.add(new Rule(sql, values, Collections.nCopies(values.size(), type), why));
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The columns {@link #reason} reads (lower case). */
    Set<String> columns() {
        return columns;
    }

    /** " AND (every rule)" for the rows admitted, " AND NOT (every rule)" for the others; "" without rules. */
    String sql(boolean admitted) {
        if (rules.isEmpty()) {
            return "";
        }
        List<String> parts = rules.stream().map(Rule::sql).toList();
        String all = String.join(" AND ", parts);
        return admitted ? " AND " + all : " AND NOT (" + all + ")";
    }

    /** Binds the values of {@link #sql} from index {@code first}; returns the index of the next parameter. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Rule r : rules) {
            for (int k = 0; k < r.values().size(); k++) {
                Object v = r.values().get(k);
                if (v instanceof OffsetDateTime) {
                    ps.setObject(i++, v);
                } else {
                    ColumnValues.bind(ps, i++, v, r.types().get(k));
                }
            }
        }
        return i;
    }

    /** Why a row (lower-case column → value) is not created: the first rule it fails, or null. */
    String reason(Map<String, Object> row) {
        for (Rule r : rules) {
            String why = r.reason().apply(row);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return null;
    }

    private static String iso(Instant t) {
        return ISO_UTC.format(t.atOffset(ZoneOffset.UTC));
    }
}
