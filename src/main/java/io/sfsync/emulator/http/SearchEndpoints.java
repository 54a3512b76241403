package io.sfsync.emulator.http;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.ValueAccessor;
import io.sfsync.emulator.soql.CompiledQuery;
import io.sfsync.emulator.soql.SelectColumn;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SOSL {@code GET /search?q=FIND {term} [IN ALL|NAME|EMAIL|PHONE FIELDS] [RETURNING Object[(fields [WHERE ...]
 * [ORDER BY ...] [LIMIT n])], ...] [LIMIT n]} and {@code GET /parameterizedSearch?q=term&sobject=Lead}, answering
 * {@code {"searchRecords":[...]}}.
 *
 * <p>Matching is by words, case-insensitive: every word of the term (or of one {@code OR} alternative) must equal a
 * word of the searched fields, or start one when it ends with {@code *}; phone searches also match digits. NAME
 * searches the name field, EMAIL the email fields, PHONE the phone fields, ALL (the default) every text field. The
 * field lists and conditions inside RETURNING go through the SOQL engine, so they accept what a SOQL query accepts.</p>
 */
final class SearchEndpoints {

    static final int DEFAULT_LIMIT = 2000;
    private static final Pattern SOSL = Pattern.compile(
            "\\s*FIND\\s*\\{(.*)}\\s*(?:IN\\s+(ALL|NAME|EMAIL|PHONE)\\s+FIELDS\\s*)?(?:RETURNING\\s+(.+?))?\\s*"
                    + "(?:LIMIT\\s+(\\d+))?\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OBJECT = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*",
            Pattern.DOTALL);
    private static final Pattern INNER_LIMIT = Pattern.compile("(?is)(.*?)\\s+LIMIT\\s+(\\d+)\\s*");

    private final EmulatorOrg org;

    SearchEndpoints(EmulatorOrg org) {
        this.org = org;
    }

    private enum Scope { ALL, NAME, EMAIL, PHONE }

    private record Target(SObjectDef def, String soql, int limit) {
    }

    /** GET /search?q=SOSL. */
    void search(HttpExchange ex, String version) throws IOException {
        String q = Http.query(ex).get("q");
        if (q == null || q.isBlank()) {
            throw malformed("A search string has to be specified");
        }
        Matcher m = SOSL.matcher(q);
        if (!m.matches()) {
            throw malformed(q.trim().toUpperCase(Locale.ROOT).startsWith("FIND")
                    ? "The search term must be enclosed in braces: FIND {term} IN ALL FIELDS RETURNING Object(fields)"
                    : "unexpected token: '" + q.trim().split("\\s+")[0] + "': a search starts with FIND {term}");
        }
        Scope scope = m.group(2) == null ? Scope.ALL : Scope.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        int limit = m.group(4) == null ? DEFAULT_LIMIT : Math.min(DEFAULT_LIMIT, Integer.parseInt(m.group(4)));
        List<Target> targets = m.group(3) == null ? allObjects() : targets(m.group(3));
        send(ex, version, run(term(m.group(1)), scope, targets, limit));
    }

    /** GET /parameterizedSearch?q=term&sobject=Lead[&Lead.fields=Id,Name][&in=NAME][&overallLimit=n]. */
    void parameterized(HttpExchange ex, String version) throws IOException {
        Map<String, String> p = Http.query(ex);
        String q = p.get("q");
        if (q == null || q.isBlank()) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", "Missing argument: q");
        }
        Scope scope;
        try {
            scope = Scope.valueOf(p.getOrDefault("in", "ALL").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SalesforceApiException(400, "INVALID_SEARCH_SCOPE", "Invalid scope: " + p.get("in"));
        }
        int limit = Math.min(DEFAULT_LIMIT, parseInt(p.get("overallLimit"), DEFAULT_LIMIT));
        List<Target> targets = new ArrayList<>();
        String sobjects = p.get("sobject");
        if (sobjects == null) {
            targets = allObjects();
        } else {
            for (String name : sobjects.split(",")) {
                SObjectDef def = object(name.trim());
                String fields = p.getOrDefault(def.name + ".fields", "Id");
                targets.add(new Target(def, "SELECT " + fields + " FROM " + def.name,
                        parseInt(p.get(def.name + ".limit"), DEFAULT_LIMIT)));
            }
        }
        send(ex, version, run(List.of(words(q)), scope, targets, limit));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SalesforceApiException(400, "INVALID_SEARCH", "Not a number: " + s);
        }
    }

    private static SalesforceApiException malformed(String message) {
        return new SalesforceApiException(400, "MALFORMED_SEARCH", message);
    }

    /** The term's OR alternatives, each a list of words that must all be found. */
    private static List<List<String>> term(String raw) {
        String t = raw.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.replace("*", "").replace("?", "").trim().length() < 2) {
            throw malformed("search term must be longer than one character: " + raw);
        }
        List<List<String>> alternatives = new ArrayList<>();
        for (String alt : t.split("(?i)\\s+OR\\s+")) {
            alternatives.add(words(alt.replaceAll("(?i)\\s+AND\\s+", " ")));
        }
        return alternatives;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}*]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private SObjectDef object(String name) {
        SObjectDef def = org.schema().object(name);
        if (def == null || !org.rules().access().objectVisible(def)) {
            throw new SalesforceApiException(400, "INVALID_TYPE", "sObject type '" + name + "' is not supported.");
        }
        return def;
    }

    private List<Target> allObjects() {
        List<Target> out = new ArrayList<>();
        for (SObjectDef def : org.schema().objects()) {
            if (org.rules().access().objectVisible(def) && def.queryable) {
                out.add(new Target(def, "SELECT Id FROM " + def.name, DEFAULT_LIMIT));
            }
        }
        return out;
    }

    private List<Target> targets(String returning) {
        List<Target> out = new ArrayList<>();
        for (String spec : splitTopLevel(returning)) {
            Matcher m = OBJECT.matcher(spec);
            if (!m.matches()) {
                throw malformed("unexpected text in RETURNING: '" + spec.trim() + "'");
            }
            SObjectDef def = object(m.group(1));
            String inner = m.group(2) == null || m.group(2).isBlank() ? "Id" : m.group(2).trim();
            int limit = DEFAULT_LIMIT;
            Matcher lm = INNER_LIMIT.matcher(inner);
            if (lm.matches()) {
                inner = lm.group(1);
                limit = Integer.parseInt(lm.group(2));
            }
            String[] parts = inner.split("(?i)\\s+(?=WHERE\\s|ORDER\\s+BY\\s)", 2);
            out.add(new Target(def, "SELECT " + parts[0] + " FROM " + def.name + (parts.length > 1 ? " " + parts[1] : ""),
                    limit));
        }
        return out;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw malformed("unbalanced parentheses in RETURNING: " + s.trim());
        }
        out.add(s.substring(start));
        return out;
    }

    private record Hit(CompiledQuery query, Object[] row) {
    }

    private List<Hit> run(List<List<String>> term, Scope scope, List<Target> targets, int limit) {
        List<Hit> hits = new ArrayList<>();
        for (Target t : targets) {
            CompiledQuery q = org.compileQuery(t.soql());
            List<FieldDef> searched = searched(t.def(), scope);
            if (searched.isEmpty()) {
                continue;
            }
            ObjectStore store = org.store(t.def().name);
            List<Object[]> rows = store.liveRows(row -> (q.where() == null || q.where().test(row))
                    && matches(row, searched, term, scope));
            if (q.order() != null) {
                rows.sort(q.order());
            }
            for (int i = 0; i < rows.size() && i < t.limit() && hits.size() < limit; i++) {
                hits.add(new Hit(q, rows.get(i)));
            }
        }
        return hits;
    }

    private List<FieldDef> searched(SObjectDef def, Scope scope) {
        List<FieldDef> out = new ArrayList<>();
        for (FieldDef f : def.fields) {
            if (!org.rules().access().fieldVisible(def, f)) {
                continue;
            }
            boolean take = switch (scope) {
                case NAME -> f.nameField;
                case EMAIL -> f.type == FieldType.EMAIL;
                case PHONE -> f.type == FieldType.PHONE;
                case ALL -> f.type.isText();
            };
            if (take) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean matches(Object[] row, List<FieldDef> fields, List<List<String>> term, Scope scope) {
        List<String> words = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        for (FieldDef f : fields) {
            Object v = ValueAccessor.of(f).get(row);
            if (v != null) {
                words.addAll(SearchEndpoints.words(v.toString()));
                if (f.type == FieldType.PHONE) {
                    digits.append(v.toString().replaceAll("\\D", "")).append(' ');
                }
            }
        }
        for (List<String> alternative : term) {
            boolean all = true;
            for (String w : alternative) {
                all &= found(w, words) || (scope != Scope.NAME && w.matches("\\d{3,}") && digits.indexOf(w) >= 0);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean found(String termWord, List<String> words) {
        boolean prefix = termWord.endsWith("*");
        String w = prefix ? termWord.substring(0, termWord.length() - 1) : termWord;
        for (String candidate : words) {
            if (prefix ? candidate.startsWith(w) : candidate.equals(w)) {
                return true;
            }
        }
        return false;
    }

    private void send(HttpExchange ex, String version, List<Hit> hits) throws IOException {
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("searchRecords");
            for (Hit h : hits) {
                SObjectDef def = h.query().object();
                String id = (String) h.row()[org.store(def.name).idIdx];
                g.writeStartObject();
                g.writeObjectFieldStart("attributes");
                g.writeStringField("type", def.name);
                g.writeStringField("url", "/services/data/v" + version + "/sobjects/" + def.name + "/" + id);
                g.writeEndObject();
                Map<String, List<SelectColumn>> related = new LinkedHashMap<>();
                for (SelectColumn c : h.query().columns()) {
                    if (c.isRelationship()) {
                        related.computeIfAbsent(c.relationshipName(), k -> new ArrayList<>()).add(c);
                    } else {
                        g.writeFieldName(c.field().name);
                        Http.writeValue(g, c.field(), c.value().get(h.row()));
                    }
                }
                for (Map.Entry<String, List<SelectColumn>> e : related.entrySet()) {
                    SelectColumn.ParentRow parent = e.getValue().get(0).parentRow().apply(h.row());
                    g.writeFieldName(e.getKey());
                    if (parent == null) {
                        g.writeNull();
                        continue;
                    }
                    String parentId = (String) parent.row()[org.store(parent.object().name).idIdx];
                    g.writeStartObject();
                    g.writeObjectFieldStart("attributes");
                    g.writeStringField("type", parent.object().name);
                    g.writeStringField("url", "/services/data/v" + version + "/sobjects/" + parent.object().name + "/"
                            + parentId);
                    g.writeEndObject();
                    for (SelectColumn c : e.getValue()) {
                        g.writeFieldName(c.field().name);
                        Http.writeValue(g, c.field(), c.value().get(h.row()));
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
