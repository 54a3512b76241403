package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.ValueAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the aggregate part of a SOQL query (aggregate functions, GROUP BY, HAVING, and the ORDER BY, LIMIT and
 * OFFSET that follow them) over the rows the WHERE clause matched, into AggregateResult rows.
 *
 * <p>Each group is computed as an internal row: the GROUP BY values, then one value per distinct aggregate call of
 * the SELECT list, HAVING and ORDER BY. HAVING and ORDER BY are compiled against that internal row
 * ({@link #internalColumn}); the output row keeps the selected entries, named by alias, field name or
 * {@code expr0}, {@code expr1}, ... (unaliased aggregates, in order), as Salesforce does.
 */
public final class QueryAggregation {

    /**
     * An aggregate call bound to its argument: function COUNT, COUNT_DISTINCT, SUM, AVG, MIN or MAX; {@code key}
     * identifies the argument (the field's column key, so Name and Owner.Name differ); {@code label} is the call as
     * written ({@code MAX(AnnualRevenue)}), the column's display name in {@code columns=true}.
     */
    record Call(String function, String argumentKey, FieldDef field, ValueAccessor value, String label) {

        String key() {
            return function + "(" + argumentKey + ")";
        }

        public FieldType resultType() {
            return switch (function) {
                case "COUNT", "COUNT_DISTINCT" -> FieldType.INT;
                case "SUM" -> field.type == FieldType.INT ? FieldType.INT : FieldType.DOUBLE;
                case "AVG" -> FieldType.DOUBLE;
                default -> field.type;
            };
        }
    }

    private final List<ValueAccessor> groupValues = new ArrayList<>();
    private final List<FieldDef> groupFields = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> callIndex = new LinkedHashMap<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Integer> outputSources = new ArrayList<>();
    private CompiledQuery.RowPredicate having;
    private Comparator<Object[]> order;
    private int limit = -1;
    private int offset;
    private SObjectDef resultType;
    private List<SelectColumn> resultColumns;

    /** Adds a GROUP BY entry; returns its internal position. */
    int addGroup(FieldDef field, ValueAccessor value) {
        groupFields.add(field);
        groupValues.add(value);
        return groupFields.size() - 1;
    }

    /** The internal position of an aggregate call, adding it when new. */
    int call(Call call) {
        Integer known = callIndex.get(call.key());
        if (known != null) {
            return groupFields.size() + known;
        }
        calls.add(call);
        callIndex.put(call.key(), calls.size() - 1);
        return groupFields.size() + calls.size() - 1;
    }

    int groupCount() {
        return groupFields.size();
    }

    FieldDef groupField(int position) {
        return groupFields.get(position);
    }

    /** A column over the internal row at {@code position} (for HAVING and ORDER BY). */
    SelectColumn internalColumn(int position) {
        FieldType type = position < groupFields.size() ? groupFields.get(position).type
                : calls.get(position - groupFields.size()).resultType();
        String name = position < groupFields.size() ? groupFields.get(position).name
                : calls.get(position - groupFields.size()).function;
        FieldDef f = synthetic(0, name, type);
        return new SelectColumn(f, null, null, null, row -> row[position], null);
    }

    /** Adds an output column reading the internal row at {@code position}. */
    void output(String name, int position) {
        outputNames.add(name);
        outputSources.add(position);
    }

    boolean hasOutput(String name) {
        return outputNames.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }

    void having(CompiledQuery.RowPredicate having) {
        this.having = having;
    }

    void order(Comparator<Object[]> order) {
        this.order = order;
    }

    void page(int limit, int offset) {
        this.limit = limit;
        this.offset = offset;
    }

    /** Freezes the output shape: the AggregateResult type and its columns. Called once, after all calls are known. */
    void finish() {
        List<FieldDef> fields = new ArrayList<>();
        for (int i = 0; i < outputNames.size(); i++) {
            int src = outputSources.get(i);
            FieldType type = src < groupFields.size() ? groupFields.get(src).type
                    : calls.get(src - groupFields.size()).resultType();
            fields.add(synthetic(i, outputNames.get(i), type));
        }
        resultType = new SObjectDef("AggregateResult", "AggregateResult", "AggregateResult", null, false, false,
                false, true, fields);
        List<SelectColumn> columns = new ArrayList<>();
        for (FieldDef f : fields) {
            columns.add(SelectColumn.plain(f));
        }
        resultColumns = Collections.unmodifiableList(columns);
    }

    /** The call as written ({@code COUNT(Id)}) of the output column at {@code i}, or null for a grouped field. */
    String aggregateLabel(int i) {
        int src = outputSources.get(i);
        return src < groupFields.size() ? null : calls.get(src - groupFields.size()).label();
    }

    public SObjectDef resultType() {
        return resultType;
    }

    List<SelectColumn> columns() {
        return resultColumns;
    }

    /** The AggregateResult rows (indexed like {@link #resultType}'s fields) of the rows the WHERE clause matched. */
    public List<Object[]> run(List<Object[]> matching) {
        Map<List<Object>, Accumulators> groups = new LinkedHashMap<>();
        for (Object[] row : matching) {
            List<Object> key = new ArrayList<>(groupValues.size());
            Object[] values = new Object[groupValues.size()];
            for (int g = 0; g < groupValues.size(); g++) {
                values[g] = groupValues.get(g).get(row);
                key.add(values[g] == null ? null : groupKey(groupFields.get(g), values[g]));
            }
            groups.computeIfAbsent(key, k -> new Accumulators(values)).add(row);
        }
        if (groups.isEmpty() && groupFields.isEmpty()) {
            groups.put(List.of(), new Accumulators(new Object[0])); // no GROUP BY: always one row, even over no rows
        }
        List<Object[]> internal = new ArrayList<>(groups.size());
        for (Accumulators a : groups.values()) {
            Object[] row = a.internalRow();
            if (having == null || having.test(row)) {
                internal.add(row);
            }
        }
        if (order != null) {
            internal.sort(order);
        }
        int from = Math.min(offset, internal.size());
        int to = limit < 0 ? internal.size() : (int) Math.min(internal.size(), (long) from + limit);
        List<Object[]> out = new ArrayList<>(to - from);
        for (Object[] row : internal.subList(from, to)) {
            Object[] o = new Object[outputSources.size()];
            for (int i = 0; i < o.length; i++) {
                o[i] = row[outputSources.get(i)];
            }
            out.add(o);
        }
        return out;
    }

    private static Object groupKey(FieldDef f, Object v) {
        if (f.type.isId()) {
            return SfIds.key15((String) v);
        }
        if (v instanceof String s) {
            return s.toLowerCase(Locale.ROOT); // Salesforce groups text case-insensitively
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v;
    }

    /** The running values of one group. */
    private final class Accumulators {
        private final Object[] groupValues;
        private final long[] counts = new long[calls.size()];
        private final double[] sums = new double[calls.size()];
        private final Object[] extremes = new Object[calls.size()];
        private final List<Set<Object>> distinct = new ArrayList<>(Collections.nCopies(calls.size(), null));

        Accumulators(Object[] groupValues) {
            this.groupValues = groupValues;
        }

        void add(Object[] row) {
            for (int c = 0; c < counts.length; c++) {
                Call call = calls.get(c);
                Object v = call.value().get(row);
                if (v == null) {
                    continue;
                }
                counts[c]++;
                switch (call.function()) {
                    case "SUM", "AVG" -> sums[c] += ((Number) v).doubleValue();
                    case "MIN", "MAX" -> {
                        int cmp = extremes[c] == null ? 0 : SoqlCompiler.valueComparator(call.field()).compare(v, extremes[c]);
                        if (extremes[c] == null || (call.function().equals("MIN") ? cmp < 0 : cmp > 0)) {
                            extremes[c] = v;
                        }
                    }
                    case "COUNT_DISTINCT" -> {
                        if (distinct.get(c) == null) {
                            distinct.set(c, new HashSet<>());
                        }
                        distinct.get(c).add(groupKey(call.field(), v));
                    }
                    default -> {
                    }
                }
            }
        }

        Object[] internalRow() {
            Object[] row = Arrays.copyOf(groupValues, groupValues.length + calls.size());
            for (int c = 0; c < counts.length; c++) {
                Call call = calls.get(c);
                row[groupValues.length + c] = switch (call.function()) {
                    case "COUNT" -> (int) counts[c];
                    case "COUNT_DISTINCT" -> distinct.get(c) == null ? 0 : distinct.get(c).size();
                    case "SUM" -> counts[c] == 0 ? null
                            : call.resultType() == FieldType.INT ? (Object) (long) sums[c] : (Object) sums[c];
                    case "AVG" -> counts[c] == 0 ? null : sums[c] / counts[c];
                    default -> extremes[c];
                };
            }
            return row;
        }
    }

    /** A field of the AggregateResult pseudo-object: only its name, type and position matter. */
    static FieldDef synthetic(int index, String name, FieldType type) {
        return new FieldDef(index, name, name, type, 0, 0, 0, 0, true, false, false, false, true, false, false, false,
                false, false, null, List.of(), List.of(), null, List.of());
    }
}
