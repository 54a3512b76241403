package io.sfsync.mapping;

import io.sfsync.config.Suggest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code mappings/*.yaml} and checks their structure. Every problem is reported with
 * the file, the line and the field, and all problems of all files are reported at once.
 * Checks that need the database or Salesforce metadata are done elsewhere
 * ({@code store.TableSchemaCheck}).
 */
public final class MappingLoader {

    static final List<String> TOP_KEYS = List.of("object", "table", "id-column", "type-column", "soql-where",
            "skip-when", "conflict", "external-id", "push-deletes", "fields", "links", "push-only-when",
            "first-pull-window-hours", "push-created-after-enabling");
    static final List<String> FIELD_KEYS = List.of("sf", "column", "direction", "push-values", "pull-values", "values");
    static final List<String> PUSH_ONLY_WHEN_KEYS = List.of("column", "in");
    static final List<String> SKIP_KEYS = List.of("field", "equals");
    static final List<String> LINK_KEYS = List.of("column", "from", "to", "direction");
    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern SF_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

    private MappingLoader() {
    }

    /** Loads every {@code *.yaml} file of the folder, keyed by Salesforce object name. */
    public static Map<String, ObjectMapping> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MappingException(List.of(MappingException.display(dir)
                    + ": mappings folder not found (set sfsync.mappings-dir)"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")
                            || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new MappingException(List.of(MappingException.display(dir) + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, ObjectMapping> byObject = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                ObjectMapping m = load(f);
                ObjectMapping earlier = byObject.put(m.object(), m);
                if (earlier != null) {
                    problems.add(MappingException.at(f, 1, "object '" + m.object() + "' is already mapped by "
                            + earlier.displayFile() + "; keep one mapping file per object"));
                }
            } catch (MappingException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return byObject;
    }

    public static ObjectMapping load(Path file) {
        Node root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
            Optional<Node> node = new Compose(settings).composeReader(r);
            if (node.isEmpty()) {
                throw new MappingException(List.of(MappingException.at(file, 1, "the file is empty")));
            }
            root = node.get();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            throw new MappingException(List.of(MappingException.at(file, line,
                    "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new MappingException(List.of(MappingException.at(file, 1, "not valid YAML: " + e.getMessage())));
        } catch (IOException e) {
            throw new MappingException(List.of(MappingException.display(file) + ": cannot read: " + e.getMessage()));
        }
        return new FileReader(file).read(root);
    }

    /** Reads one parsed file, collecting problems instead of stopping at the first. */
    private static final class FileReader {
        private final Path file;
        private final List<String> problems = new ArrayList<>();

        FileReader(Path file) {
            this.file = file;
        }

        ObjectMapping read(Node root) {
            if (!(root instanceof MappingNode top)) {
                fail(root, "expected keys such as 'object:', 'table:' and 'fields:' at the top of the file");
                throw new MappingException(problems);
            }
            Map<String, NodeTuple> keys = keys(top, TOP_KEYS, "");
            String object = scalar(keys, "object", top, true);
            String table = scalar(keys, "table", top, true);
            String idColumn = scalar(keys, "id-column", top, true);
            String typeColumn = scalar(keys, "type-column", top, false);
            String where = scalar(keys, "soql-where", top, false);
            String externalId = scalar(keys, "external-id", top, false);
            if (externalId != null && !SF_NAME.matcher(externalId).matches()) {
                fail(keys.get("external-id").getValueNode(), "'" + externalId + "' is not a Salesforce field name");
            }
            if (object != null && !SF_NAME.matcher(object).matches()) {
                fail(keys.get("object").getValueNode(), "'" + object + "' is not a Salesforce object name");
            }
            checkSqlName(keys, "table", table);
            checkSqlName(keys, "id-column", idColumn);
            checkSqlName(keys, "type-column", typeColumn);

            ConflictPolicy conflict = ConflictPolicy.SALESFORCE_WINS;
            String conflictText = scalar(keys, "conflict", top, false);
            if (conflictText != null) {
                conflict = ConflictPolicy.fromYaml(conflictText);
                if (conflict == null) {
                    fail(keys.get("conflict").getValueNode(), "conflict '" + conflictText
                            + "' is not one of salesforce-wins, local-wins, newest-wins");
                }
            }
            boolean pushDeletes = false;
            String pushDeletesText = scalar(keys, "push-deletes", top, false);
            if (pushDeletesText != null) {
                if (pushDeletesText.equalsIgnoreCase("true") || pushDeletesText.equalsIgnoreCase("false")) {
                    pushDeletes = Boolean.parseBoolean(pushDeletesText);
                } else {
                    fail(keys.get("push-deletes").getValueNode(), "push-deletes '" + pushDeletesText
                            + "' is not true or false (local deletes reach Salesforce only with push-deletes: true)");
                }
            }
            SkipRule skip = keys.containsKey("skip-when") ? skipRule(keys.get("skip-when").getValueNode()) : null;
            if (!keys.containsKey("fields")) {
                fail(top, "missing 'fields' (the list of mapped fields, e.g. '- { sf: LastName, column: last_name }')");
            }
            List<FieldMapping> fields = keys.containsKey("fields") ? fields(keys.get("fields").getValueNode()) : List.of();
            if (keys.containsKey("fields") && fields.isEmpty() && problems.isEmpty()) {
                fail(keys.get("fields").getValueNode(), "'fields' lists no field");
            }
            List<LinkMapping> links = keys.containsKey("links") ? links(keys.get("links").getValueNode()) : List.of();
            PushOnlyWhen pushOnlyWhen = null;
            if (keys.containsKey("push-only-when")) {
                pushOnlyWhen = pushOnlyWhen(keys.get("push-only-when").getValueNode());
                if (!fields.isEmpty() && fields.stream().noneMatch(f -> f.direction().pushes())) {
                    fail(keys.get("push-only-when").getKeyNode(), "push-only-when: no field is pushed (every field has "
                            + "direction: pull), so it never applies; remove it or push a field");
                }
            }
            int windowHours = -1; // -1: not given
            String windowText = scalar(keys, "first-pull-window-hours", top, false);
            if (windowText != null) {
                try {
                    windowHours = Integer.parseInt(windowText);
                } catch (NumberFormatException e) {
                    windowHours = 0;
                }
                if (windowHours < 1 || windowHours > 24 * 30) {
                    fail(keys.get("first-pull-window-hours").getValueNode(), "first-pull-window-hours '" + windowText
                            + "' is not a whole number of hours from 1 to 720 (the first pull reads the records changed "
                            + "in that many last hours)");
                }
            }
            String createdColumn = scalar(keys, "push-created-after-enabling", top, false);
            checkSqlName(keys, "push-created-after-enabling", createdColumn);
            if (createdColumn != null && !fields.isEmpty() && fields.stream().noneMatch(f -> f.direction().pushes())) {
                fail(keys.get("push-created-after-enabling").getKeyNode(), "push-created-after-enabling: no field is "
                        + "pushed (every field has direction: pull), so it never applies; remove it or push a field");
            }
            for (LinkMapping l : links) {
                if (l.pushes() && !l.from().stream().allMatch(from -> fields.stream().anyMatch(f -> f.direction().pushes()
                        && f.column().equals(from)))) {
                    problems.add(MappingException.at(file, l.line(), "link '" + l.column() + "': direction: both needs "
                            + "each 'from' column to be one that a pushed field maps (it gets the linked row's Salesforce "
                            + "id before a push)"));
                }
            }
            if (!problems.isEmpty()) {
                throw new MappingException(problems);
            }
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            keys.forEach((k, t) -> keyLines.put(k, line(t.getKeyNode())));
            return new ObjectMapping(file, object, table, idColumn, typeColumn, where, skip, conflict, externalId,
                    pushDeletes, List.copyOf(fields),
                    links, Map.copyOf(keyLines), pushOnlyWhen, windowHours < 0 ? null : windowHours, createdColumn == null
                    ? null : createdColumn.toLowerCase(Locale.ROOT));
        }

        private List<LinkMapping> links(Node node) {
            List<LinkMapping> out = new ArrayList<>();
            if (!(node instanceof SequenceNode seq)) {
                fail(node, "'links' must be a list of entries like { column: account_id, from: sfdc_account_id, to: account }");
                return out;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Node entry : seq.getValue()) {
                if (!(entry instanceof MappingNode m)) {
                    fail(entry, "each link must look like { column: account_id, from: sfdc_account_id, to: account }");
                    continue;
                }
                Map<String, NodeTuple> keys = keys(m, LINK_KEYS, "link ");
                String column = scalar(keys, "column", m, true);
                String to = scalar(keys, "to", m, true);
                String direction = scalar(keys, "direction", m, false);
                if (direction != null && !direction.equals("pull") && !direction.equals("both")) {
                    fail(keys.get("direction").getValueNode(), "link: direction '" + direction + "' is not pull (Update "
                            + "FKs only, the default) or both (also read the other way before a push)");
                }
                List<String> from = new ArrayList<>();
                NodeTuple fromKey = keys.get("from");
                if (fromKey == null) {
                    fail(m, "missing 'from'");
                } else if (fromKey.getValueNode() instanceof ScalarNode one) {
                    from.add(one.getValue().trim());
                } else if (fromKey.getValueNode() instanceof SequenceNode many) {
                    for (Node n : many.getValue()) {
                        if (n instanceof ScalarNode sn) {
                            from.add(sn.getValue().trim());
                        }
                    }
                }
                if (fromKey != null && from.isEmpty()) {
                    fail(fromKey.getValueNode(), "'from' must name a column or a list of columns");
                }
                for (String name : concat(column, to, from)) {
                    if (!SQL_NAME.matcher(name).matches()) {
                        fail(entry, "link: '" + name + "' is not a plain SQL name (letters, digits, underscore)");
                    }
                }
                if (column != null) {
                    Integer first = seen.putIfAbsent(column.toLowerCase(Locale.ROOT), line(entry));
                    if (first != null) {
                        fail(entry, "link: column '" + column + "' is already linked on line " + first);
                    }
                }
                if (column != null && to != null && !from.isEmpty()) {
                    out.add(new LinkMapping(column.toLowerCase(Locale.ROOT),
                            from.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList(), to.toLowerCase(Locale.ROOT),
                            "both".equals(direction), line(entry)));
                }
            }
            return List.copyOf(out);
        }

        private static List<String> concat(String column, String to, List<String> from) {
            List<String> all = new ArrayList<>(from);
            if (column != null) {
                all.add(column);
            }
            if (to != null) {
                all.add(to);
            }
            return all;
        }

        private PushOnlyWhen pushOnlyWhen(Node node) {
            if (!(node instanceof MappingNode m)) {
                fail(node, "'push-only-when' must look like { column: activity_type, in: [Call, Send Email] }");
                return null;
            }
            Map<String, NodeTuple> keys = keys(m, PUSH_ONLY_WHEN_KEYS, "push-only-when ");
            String column = scalar(keys, "column", m, true);
            if (column != null && !SQL_NAME.matcher(column).matches()) {
                fail(keys.get("column").getValueNode(), "push-only-when column '" + column
                        + "' is not a plain SQL name (letters, digits, underscore)");
            }
            List<String> values = new ArrayList<>();
            NodeTuple in = keys.get("in");
            if (in == null) {
                fail(m, "push-only-when: missing 'in' (the values whose rows are pushed, e.g. in: [Call, Send Email])");
            } else if (!(in.getValueNode() instanceof SequenceNode seq)) {
                fail(in.getValueNode(), "push-only-when: 'in' must be a list of values, like [Call, Send Email]");
            } else if (seq.getValue().isEmpty()) {
                fail(seq, "push-only-when: 'in' lists no value, so no row would ever be pushed; list the values whose "
                        + "rows are pushed");
            } else {
                for (Node n : seq.getValue()) {
                    if (n instanceof ScalarNode v) {
                        values.add(v.getValue());
                    } else {
                        fail(n, "push-only-when: each value of 'in' must be a plain value");
                    }
                }
            }
            return column == null || values.isEmpty() ? null
                    : new PushOnlyWhen(column.toLowerCase(Locale.ROOT), List.copyOf(values), line(node));
        }

        private SkipRule skipRule(Node node) {
            if (!(node instanceof MappingNode m)) {
                fail(node, "'skip-when' must look like { field: Do_Not_Sync__c, equals: true }");
                return null;
            }
            Map<String, NodeTuple> keys = keys(m, SKIP_KEYS, "skip-when ");
            String field = scalar(keys, "field", m, true);
            String equals = scalar(keys, "equals", m, true);
            if (field != null && !SF_NAME.matcher(field).matches()) {
                fail(keys.get("field").getValueNode(), "skip-when field '" + field + "' is not a Salesforce field name");
            }
            return field == null || equals == null ? null : new SkipRule(field, equals, line(node));
        }

        private List<FieldMapping> fields(Node node) {
            List<FieldMapping> out = new ArrayList<>();
            if (!(node instanceof SequenceNode seq)) {
                fail(node, "'fields' must be a list of entries like { sf: FirstName, column: first_name, direction: both }");
                return out;
            }
            Map<String, Integer> sfSeen = new HashMap<>();
            Map<String, Integer> columnSeen = new HashMap<>();
            for (Node entry : seq.getValue()) {
                if (!(entry instanceof MappingNode m)) {
                    fail(entry, "each field must look like { sf: FirstName, column: first_name, direction: both }");
                    continue;
                }
                Map<String, NodeTuple> keys = keys(m, FIELD_KEYS, "field ");
                String sf = scalar(keys, "sf", m, true);
                String column = scalar(keys, "column", m, true);
                String dirText = scalar(keys, "direction", m, false);
                Direction direction = Direction.BOTH;
                if (dirText != null) {
                    try {
                        direction = Direction.valueOf(dirText.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        fail(keys.get("direction").getValueNode(), "field '" + sf + "': direction '" + dirText
                                + "' is not one of both, pull, push");
                    }
                }
                if (sf != null && !SF_NAME.matcher(sf).matches()) {
                    fail(keys.get("sf").getValueNode(), "field '" + sf + "' is not a Salesforce field name");
                }
                if (column != null && !SQL_NAME.matcher(column).matches()) {
                    fail(keys.get("column").getValueNode(), "field '" + sf + "': column '" + column
                            + "' is not a plain SQL column name (letters, digits, underscore)");
                }
                if (sf != null) {
                    Integer first = sfSeen.putIfAbsent(sf.toLowerCase(Locale.ROOT), line(entry));
                    if (first != null) {
                        fail(entry, "field '" + sf + "' is mapped twice (first on line " + first + ")");
                    }
                }
                if (column != null) {
                    Integer first = columnSeen.putIfAbsent(column.toLowerCase(Locale.ROOT), line(entry));
                    if (first != null) {
                        fail(entry, "field '" + sf + "': column '" + column + "' is already used on line " + first);
                    }
                }
                Map<String, String> pushValues = Map.of();
                if (keys.containsKey("push-values")) {
                    pushValues = valueMap(sf, "push-values", keys.get("push-values").getValueNode(),
                            "local values to Salesforce values, like { CA: California }");
                    if (!direction.pushes()) {
                        fail(keys.get("push-values").getKeyNode(), "field '" + sf + "' has direction: pull: nothing is "
                                + "pushed, so push-values never applies; remove it or use direction: both");
                    }
                }
                Map<String, String> pullValues = keys.containsKey("pull-values")
                        ? pullValues(sf, direction, keys, pushValues) : Map.of();
                boolean strict = keys.containsKey("values");
                if (strict) {
                    NodeTuple v = keys.get("values");
                    for (String other : List.of("push-values", "pull-values")) {
                        if (keys.containsKey(other)) {
                            fail(keys.get(other).getKeyNode(), "field '" + sf + "': " + other + " together with values: "
                                    + "values already maps both ways (local value: Salesforce value); keep one of them");
                        }
                    }
                    pushValues = valueMap(sf, "values", v.getValueNode(),
                            "local values to Salesforce values, like { Open: Not Started }");
                    pullValues = inverse(sf, "values", pushValues, v.getValueNode());
                }
                if (sf != null && column != null) {
                    out.add(new FieldMapping(sf, column.toLowerCase(Locale.ROOT), direction, Map.copyOf(pushValues),
                            Map.copyOf(pullValues), strict, line(entry)));
                }
            }
            return out;
        }

        /** push-values or pull-values given as a map: value → value. */
        private Map<String, String> valueMap(String sf, String key, Node node, String shape) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!(node instanceof MappingNode m)) {
                fail(node, "field '" + sf + "': " + key + " must map " + shape);
                return out;
            }
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                    if (out.put(k.getValue(), v.getValue()) != null) {
                        fail(k, "field '" + sf + "': " + key + " lists '" + k.getValue() + "' twice");
                    }
                } else {
                    fail(t.getKeyNode(), "field '" + sf + "': " + key + " entries must be plain values");
                }
            }
            return out;
        }

        /**
         * pull-values: a map Salesforce value → local value, or {@code inverse}: the field's push-values read backwards,
         * which needs push-values that map no two local values to one Salesforce value.
         */
        private Map<String, String> pullValues(String sf, Direction direction, Map<String, NodeTuple> keys,
                                               Map<String, String> pushValues) {
            NodeTuple t = keys.get("pull-values");
            Node node = t.getValueNode();
            if (!direction.pulls()) {
                fail(t.getKeyNode(), "field '" + sf + "' has direction: push: nothing is pulled, so pull-values never "
                        + "applies; remove it or use direction: both");
                return Map.of();
            }
            if (!(node instanceof ScalarNode s)) {
                return valueMap(sf, "pull-values", node, "Salesforce values to local values, like { California: CA }, "
                        + "or be the word inverse (push-values read backwards)");
            }
            if (!s.getValue().trim().equals("inverse")) {
                fail(node, "field '" + sf + "': pull-values '" + s.getValue() + "' is neither inverse (push-values read "
                        + "backwards) nor a map of Salesforce values to local values, like { California: CA }");
                return Map.of();
            }
            if (!keys.containsKey("push-values")) {
                fail(node, "field '" + sf + "': pull-values: inverse needs push-values to read backwards; add "
                        + "push-values, or list pull-values, like { California: CA }");
                return Map.of();
            }
            return inverse(sf, "pull-values: inverse", pushValues, node);
        }

        /** A value map read backwards; two local values mapped to one Salesforce value are reported (ambiguous). */
        private Map<String, String> inverse(String sf, String what, Map<String, String> pushValues, Node node) {
            Map<String, String> out = new LinkedHashMap<>();
            boolean values = what.equals("values");
            for (Map.Entry<String, String> e : pushValues.entrySet()) {
                String earlier = out.putIfAbsent(e.getValue(), e.getKey());
                if (earlier != null && values) {
                    fail(node, "field '" + sf + "': values lists the Salesforce value '" + e.getValue() + "' twice (for '"
                            + earlier + "' and '" + e.getKey() + "'), so a pulled '" + e.getValue() + "' could be either; "
                            + "map each Salesforce value from one local value");
                } else if (earlier != null) {
                    fail(node, "field '" + sf + "': pull-values: inverse is ambiguous: push-values maps both '" + earlier
                            + "' and '" + e.getKey() + "' to '" + e.getValue() + "', so a pulled '" + e.getValue()
                            + "' could be either; list pull-values instead, like { " + e.getValue() + ": " + earlier + " }");
                }
            }
            return out;
        }

        private Map<String, NodeTuple> keys(MappingNode m, List<String> allowed, String where) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    fail(t.getKeyNode(), "expected a plain key");
                    continue;
                }
                String key = k.getValue();
                if (!allowed.contains(key)) {
                    String near = Suggest.nearest(key, allowed);
                    fail(k, "unknown " + where + "key '" + key + "'"
                            + (near != null ? " (did you mean '" + near + "'?)" : "")
                            + "; allowed: " + String.join(", ", allowed));
                    continue;
                }
                if (out.put(key, t) != null) {
                    fail(k, "key '" + key + "' appears twice");
                }
            }
            return out;
        }

        private String scalar(Map<String, NodeTuple> keys, String key, Node owner, boolean required) {
            NodeTuple t = keys.get(key);
            if (t == null) {
                if (required) {
                    fail(owner, "missing '" + key + "'");
                }
                return null;
            }
            if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
                fail(t.getValueNode(), "'" + key + "' must be a plain value");
                return null;
            }
            return s.getValue().trim();
        }

        private void checkSqlName(Map<String, NodeTuple> keys, String key, String value) {
            if (value != null && !SQL_NAME.matcher(value).matches()) {
                fail(keys.get(key).getValueNode(), key + " '" + value
                        + "' is not a plain SQL name (letters, digits, underscore)");
            }
        }

        private void fail(Node node, String what) {
            problems.add(MappingException.at(file, line(node), what));
        }

        private static int line(Node node) {
            Optional<Mark> mark = node.getStartMark();
            return mark.map(m -> m.getLine() + 1).orElse(1);
        }
    }
}
