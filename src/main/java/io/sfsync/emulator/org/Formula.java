package io.sfsync.emulator.org;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A formula (calculated) field: read-only, computed from other fields of the same record every time it is read,
 * so it changes as soon as one of its inputs changes. Declared in the schema as
 * {@code "formula": {"op": "percentOf", "args": ["Amount", "Probability"]}} (a * pct / 100) or
 * {@code "formula": {"op": "band", "args": ["Score__c"], "bands": {"0": "Cold", "40": "Warm", "70": "Hot"}}}
 * (label of the highest lower bound not above the input; null below all bounds or when the input is null).
 */
public final class Formula {

    private final String op;
    private final List<String> args;
    private final TreeMap<Double, String> bands;

    private Formula(String op, List<String> args, TreeMap<Double, String> bands) {
        this.op = op;
        this.args = args;
        this.bands = bands;
    }

    /** Parses a formula declaration; throws IllegalArgumentException naming what is wrong. */
    static Formula parse(JsonNode node) {
        String op = node.path("op").asText("");
        List<String> args = new ArrayList<>();
        node.path("args").forEach(a -> args.add(a.asText()));
        switch (op) {
            case "percentOf" -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("formula op 'percentOf' needs 2 args, got " + args.size());
                }
                return new Formula(op, List.copyOf(args), null);
            }
            case "band" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("formula op 'band' needs 1 arg, got " + args.size());
                }
                TreeMap<Double, String> bands = new TreeMap<>();
                var it = node.path("bands").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    try {
                        bands.put(Double.parseDouble(e.getKey()), e.getValue().asText());
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("formula band bound '" + e.getKey() + "' is not a number");
                    }
                }
                if (bands.isEmpty()) {
                    throw new IllegalArgumentException("formula op 'band' needs a non-empty \"bands\" object");
                }
                return new Formula(op, List.copyOf(args), bands);
            }
            default -> throw new IllegalArgumentException("unknown formula op '" + op + "' (use percentOf or band)");
        }
    }

    List<String> inputs() {
        return args;
    }

    /** Formula text as describe's {@code calculatedFormula} shows it. */
    public String text() {
        if (op.equals("percentOf")) {
            return args.get(0) + " * " + args.get(1) + " / 100";
        }
        StringBuilder sb = new StringBuilder();
        int open = 0;
        for (Map.Entry<Double, String> e : bands.descendingMap().entrySet()) {
            sb.append("IF(").append(args.get(0)).append(" >= ").append(num(e.getKey())).append(", '")
                    .append(e.getValue()).append("', ");
            open++;
        }
        sb.append("NULL").append(")".repeat(open));
        return sb.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Evaluates over a stored row; {@code parts} are the input field indexes (FieldDef.calculatedFrom). */
    ValueAccessor accessor(int[] parts) {
        if (op.equals("percentOf")) {
            int a = parts[0];
            int p = parts[1];
            return row -> {
                Object x = row[a];
                Object pct = row[p];
                if (!(x instanceof Number n) || !(pct instanceof Number q)) {
                    return null;
                }
                return n.doubleValue() * q.doubleValue() / 100.0;
            };
        }
        int in = parts[0];
        return row -> {
            if (!(row[in] instanceof Number n)) {
                return null;
            }
            Map.Entry<Double, String> e = bands.floorEntry(n.doubleValue());
            return e == null ? null : e.getValue();
        };
    }
}
