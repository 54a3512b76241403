package io.sfsync.emulator;

import io.sfsync.emulator.CompiledQuery.RowPredicate;
import io.sfsync.emulator.SoqlAst.And;
import io.sfsync.emulator.SoqlAst.Comparison;
import io.sfsync.emulator.SoqlAst.DateRange;
import io.sfsync.emulator.SoqlAst.Expr;
import io.sfsync.emulator.SoqlAst.FieldRef;
import io.sfsync.emulator.SoqlAst.InList;
import io.sfsync.emulator.SoqlAst.Literal;
import io.sfsync.emulator.SoqlAst.LiteralKind;
import io.sfsync.emulator.SoqlAst.Not;
import io.sfsync.emulator.SoqlAst.Or;
import io.sfsync.emulator.SoqlAst.OrderItem;
import io.sfsync.emulator.SoqlAst.Query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a parsed SOQL query to the schema (Salesforce's semantic errors: INVALID_TYPE, INVALID_FIELD,
 * INVALID_QUERY_FILTER_OPERATOR) and compiles the WHERE clause and ORDER BY into row-level functions.
 */
final class SoqlCompiler {

    static final int MAX_OFFSET = 2000;

    private final String soql;
    private final Schema schema;
    private final long nowMillis;
    private final java.util.function.Function<String, SelectColumn.ParentRow> parents;
    private SObjectDef object;

    private SoqlCompiler(String soql, Schema schema, long nowMillis,
                         java.util.function.Function<String, SelectColumn.ParentRow> parents) {
        this.soql = soql;
        this.schema = schema;
        this.nowMillis = nowMillis;
        this.parents = parents;
    }

    static CompiledQuery compile(String soql, Schema schema, long nowMillis) {
        return compile(soql, schema, nowMillis, id -> null);
    }

    /** {@code parents} resolves a reference id to its live parent row (relationship fields such as Owner.Name). */
    static CompiledQuery compile(String soql, Schema schema, long nowMillis,
                                 java.util.function.Function<String, SelectColumn.ParentRow> parents) {
        Query q = SoqlParser.parse(soql);
        return new SoqlCompiler(soql, schema, nowMillis, parents).bind(q);
    }

    private CompiledQuery bind(Query q) {
        object = schema.object(q.objectName());
        if (object == null || !object.queryable) {
            throw SoqlErrors.at("INVALID_TYPE", soql, q.objectToken(), "sObject type '" + q.objectName()
                    + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c'"
                    + " after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        List<FieldDef> select = new ArrayList<>();
        List<SelectColumn> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FieldRef ref : q.fields()) {
            SelectColumn c = column(ref);
            if (!seen.add(c.key())) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, ref.token(), "duplicate field selected: "
                        + (c.isRelationship() ? c.relationshipName() + "." : "") + c.field().name);
            }
            columns.add(c);
            if (!c.isRelationship()) {
                select.add(c.field());
            }
        }
        RowPredicate where = q.where() == null ? null : predicate(q.where());
        Comparator<Object[]> order = null;
        for (OrderItem item : q.orderBy()) {
            SelectColumn col = column(item.field());
            FieldDef f = col.field();
            if (!f.sortable()) {
                throw SoqlErrors.at("INVALID_FIELD", soql, item.field().token(),
                        "field '" + f.name + "' can not be sorted in a query call");
            }
            Comparator<Object[]> c = orderComparator(f, col.value(), item.descending(), item.nullsFirst());
            order = order == null ? c : order.thenComparing(c);
        }
        if (q.offset() != null && q.offset() > MAX_OFFSET) {
            throw new SalesforceApiException(400, "NUMBER_OUTSIDE_VALID_RANGE",
                    "Maximum SOQL offset allowed is " + MAX_OFFSET);
        }
        return new CompiledQuery(object, q.count(), List.copyOf(select), where, order,
                q.limit() == null ? -1 : q.limit(), q.offset() == null ? 0 : q.offset(), List.copyOf(columns),
                QueryPlanner.modstampLowerBound(q.where(), object));
    }

    /** A plain field, or a parent field through a relationship name (Owner.Name), one level deep. */
    private SelectColumn column(FieldRef ref) {
        String path = ref.path();
        String[] parts = path.split("\\.");
        if (parts.length == 2 && !parts[0].equalsIgnoreCase(object.name)) {
            FieldDef reference = null;
            for (FieldDef f : object.fields) {
                if (f.type == FieldType.REFERENCE && f.relationshipName != null
                        && f.relationshipName.equalsIgnoreCase(parts[0])) {
                    reference = f;
                }
            }
            SObjectDef target = reference == null ? null : parentObject(reference);
            if (target == null) {
                throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(), "Didn't understand relationship '" + parts[0]
                        + "' in field path. If you are attempting to use a custom relationship, be sure to append the"
                        + " '__r' after the custom relationship name. Please reference your WSDL or the describe call"
                        + " for the appropriate names.");
            }
            FieldDef f = target.field(parts[1]);
            if (f == null) {
                throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(), "No such column '" + parts[1] + "' on entity '"
                        + target.name + "'. If you are attempting to use a custom field, be sure to append the '__c'"
                        + " after the custom field name. Please reference your WSDL or the describe call for the"
                        + " appropriate names.");
            }
            return SelectColumn.related(reference, f, parents);
        }
        return SelectColumn.plain(resolve(ref));
    }

    /** The parent object of a reference; for polymorphic ones (User or Group) the User, else the first known. */
    private SObjectDef parentObject(FieldDef reference) {
        SObjectDef first = null;
        for (String name : reference.referenceTo) {
            SObjectDef d = schema.object(name);
            if (d != null && name.equals("User")) {
                return d;
            }
            if (d != null && first == null) {
                first = d;
            }
        }
        return first;
    }

    private FieldDef resolve(FieldRef ref) {
        String path = ref.path();
        int dot = path.indexOf('.');
        if (dot >= 0) {
            String first = path.substring(0, dot);
            // "Lead.Email" (object name prefix) is legal SOQL
            if (first.equalsIgnoreCase(object.name) && path.indexOf('.', dot + 1) < 0) {
                path = path.substring(dot + 1);
            } else {
                throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(), "Didn't understand relationship '" + first
                        + "' in field path. If you are attempting to use a custom relationship, be sure to append the"
                        + " '__r' after the custom relationship name. Please reference your WSDL or the describe call"
                        + " for the appropriate names.");
            }
        }
        FieldDef f = object.field(path);
        if (f == null) {
            throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(), "No such column '" + path + "' on entity '"
                    + object.name + "'. If you are attempting to use a custom field, be sure to append the '__c' after"
                    + " the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        return f;
    }

    // ---------------------------------------------------------------- WHERE

    private RowPredicate predicate(Expr e) {
        if (e instanceof And and) {
            RowPredicate[] parts = and.parts().stream().map(this::predicate).toArray(RowPredicate[]::new);
            return row -> {
                for (RowPredicate p : parts) {
                    if (!p.test(row)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (e instanceof Or or) {
            RowPredicate[] parts = or.parts().stream().map(this::predicate).toArray(RowPredicate[]::new);
            return row -> {
                for (RowPredicate p : parts) {
                    if (p.test(row)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (e instanceof Not not) {
            RowPredicate inner = predicate(not.inner());
            return row -> !inner.test(row);
        }
        if (e instanceof InList in) {
            return inPredicate(in);
        }
        return comparison((Comparison) e);
    }

    private SelectColumn filterColumn(FieldRef ref) {
        SelectColumn c = column(ref);
        FieldDef f = c.field();
        if (!f.filterable()) {
            throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(),
                    "field '" + f.name + "' can not be filtered in a query call");
        }
        return c;
    }

    private RowPredicate comparison(Comparison c) {
        SelectColumn column = filterColumn(c.field());
        FieldDef f = column.field();
        ValueAccessor get = column.value();
        Literal lit = c.value();
        String op = c.op();
        if (op.equals("LIKE")) {
            if (!f.type.isText() && !f.type.isId()) {
                throw SoqlErrors.at("INVALID_FIELD", soql, c.field().token(), "invalid operator on "
                        + f.type.soqlTypeName() + " field: " + f.name);
            }
            if (lit.kind() == LiteralKind.NULL) {
                return row -> get.get(row) == null;
            }
            if (lit.kind() != LiteralKind.STRING) {
                throw typeMismatch(f, lit);
            }
            Pattern p = likePattern((String) lit.value());
            return row -> {
                Object v = get.get(row);
                return v != null && p.matcher((String) v).matches();
            };
        }
        if (lit.kind() == LiteralKind.NULL) {
            return switch (op) {
                case "=" -> row -> get.get(row) == null;
                case "!=" -> row -> get.get(row) != null;
                default -> row -> false;
            };
        }
        if (lit.kind() == LiteralKind.DATE_RANGE) {
            return rangePredicate(f, get, op, (DateRange) lit.value(), lit);
        }
        Object value = literalValue(f, lit);
        Comparator<Object> cmp = valueComparator(f);
        return switch (op) {
            case "=" -> row -> {
                Object v = get.get(row);
                return v != null && cmp.compare(v, value) == 0;
            };
            case "!=" -> row -> {
                Object v = get.get(row);
                return v == null || cmp.compare(v, value) != 0;
            };
            case "<" -> row -> {
                Object v = get.get(row);
                return v != null && cmp.compare(v, value) < 0;
            };
            case "<=" -> row -> {
                Object v = get.get(row);
                return v != null && cmp.compare(v, value) <= 0;
            };
            case ">" -> row -> {
                Object v = get.get(row);
                return v != null && cmp.compare(v, value) > 0;
            };
            case ">=" -> row -> {
                Object v = get.get(row);
                return v != null && cmp.compare(v, value) >= 0;
            };
            default -> throw SoqlErrors.malformed(soql, c.opToken().row(), c.opToken().column(),
                    "unexpected token: '" + op + "'");
        };
    }

    private RowPredicate inPredicate(InList in) {
        SelectColumn column = filterColumn(in.field());
        FieldDef f = column.field();
        ValueAccessor get = column.value();
        Comparator<Object> cmp = valueComparator(f);
        boolean matchNull = false;
        List<Object> values = new ArrayList<>();
        for (Literal lit : in.values()) {
            if (lit.kind() == LiteralKind.NULL) {
                matchNull = true;
            } else if (lit.kind() == LiteralKind.DATE_RANGE) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, lit.token(), "unexpected token: '" + lit.token().text() + "'");
            } else {
                values.add(literalValue(f, lit));
            }
        }
        // normalised key sets give O(1) membership for the common types
        Set<Object> keys = new HashSet<>();
        for (Object v : values) {
            keys.add(inKey(f, v));
        }
        boolean nullIn = matchNull;
        boolean negated = in.negated();
        return row -> {
            Object v = get.get(row);
            boolean member = v == null ? nullIn : keys.contains(inKey(f, v));
            return negated ? !member : member;
        };
    }

    private static Object inKey(FieldDef f, Object v) {
        if (f.type.isId()) {
            return SfIds.key15((String) v);
        }
        if (f.type.isText()) {
            return ((String) v).toLowerCase(Locale.ROOT);
        }
        if (f.type.isNumber()) {
            return ((Number) v).doubleValue();
        }
        return v;
    }

    private RowPredicate rangePredicate(FieldDef f, ValueAccessor get, String op, DateRange range, Literal lit) {
        if (f.type != FieldType.DATE && f.type != FieldType.DATETIME) {
            throw typeMismatch(f, lit);
        }
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate from;
        LocalDate to; // exclusive
        switch (range.keyword()) {
            case "TODAY" -> {
                from = today;
                to = today.plusDays(1);
            }
            case "YESTERDAY" -> {
                from = today.minusDays(1);
                to = today;
            }
            case "TOMORROW" -> {
                from = today.plusDays(1);
                to = today.plusDays(2);
            }
            case "LAST_N_DAYS" -> {
                from = today.minusDays(range.n());
                to = today.plusDays(1);
            }
            case "NEXT_N_DAYS" -> {
                from = today.plusDays(1);
                to = today.plusDays(range.n() + 1L);
            }
            default -> throw new IllegalStateException(range.keyword());
        }
        if (f.type == FieldType.DATE) {
            return row -> {
                LocalDate v = (LocalDate) get.get(row);
                return v != null && inRange(op, v.compareTo(from), v.compareTo(to));
            };
        }
        long lo = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long hi = to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return row -> {
            Long v = (Long) get.get(row);
            return v != null && inRange(op, Long.compare(v, lo), Long.compare(v, hi));
        };
    }

    /** cmpFrom = compare(v, rangeStart), cmpTo = compare(v, rangeEndExclusive). */
    private static boolean inRange(String op, int cmpFrom, int cmpTo) {
        boolean inside = cmpFrom >= 0 && cmpTo < 0;
        return switch (op) {
            case "=" -> inside;
            case "!=" -> !inside;
            case "<" -> cmpFrom < 0;
            case "<=" -> cmpTo < 0;
            case ">" -> cmpTo >= 0;
            case ">=" -> cmpFrom >= 0;
            default -> false;
        };
    }

    /** Converts a literal to the stored representation of {@code f}, enforcing SOQL's type rules. */
    private Object literalValue(FieldDef f, Literal lit) {
        switch (f.type) {
            case ID, REFERENCE -> {
                if (lit.kind() != LiteralKind.STRING) {
                    throw typeMismatch(f, lit);
                }
                String s = (String) lit.value();
                if (!SfIds.isValid(s)) {
                    throw SoqlErrors.at("INVALID_QUERY_FILTER_OPERATOR", soql, lit.token(), "invalid ID field: " + s);
                }
                return s;
            }
            case BOOLEAN -> {
                if (lit.kind() != LiteralKind.BOOLEAN) {
                    throw typeMismatch(f, lit);
                }
                return lit.value();
            }
            case INT, CURRENCY, DOUBLE, PERCENT -> {
                if (lit.kind() != LiteralKind.NUMBER) {
                    throw typeMismatch(f, lit);
                }
                return ((BigDecimal) lit.value()).doubleValue();
            }
            case DATE -> {
                if (lit.kind() != LiteralKind.DATE) {
                    throw typeMismatch(f, lit);
                }
                return lit.value();
            }
            case DATETIME -> {
                if (lit.kind() != LiteralKind.DATETIME) {
                    throw typeMismatch(f, lit);
                }
                return lit.value();
            }
            default -> {
                if (lit.kind() != LiteralKind.STRING) {
                    throw typeMismatch(f, lit);
                }
                return lit.value();
            }
        }
    }

    private SalesforceApiException typeMismatch(FieldDef f, Literal lit) {
        String type = f.type.soqlTypeName();
        boolean quoted = type.equals("string") || type.equals("id");
        String message = "value of filter criterion for field '" + f.name + "' must be of type " + type
                + (quoted ? " and should be enclosed in quotes" : " and should not be enclosed in quotes");
        return SoqlErrors.at("INVALID_FIELD", soql, lit.token(), message);
    }

    /** SOQL LIKE: % = any sequence, _ = one char, \% and \_ literal; case-insensitive. */
    static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length() && (like.charAt(i + 1) == '%' || like.charAt(i + 1) == '_')) {
                lit.append(like.charAt(++i));
            } else if (c == '%' || c == '_') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    // ---------------------------------------------------------------- ORDER BY / comparisons

    /** Comparator over two non-null stored values of field {@code f}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<Object> valueComparator(FieldDef f) {
        if (f.type.isId()) {
            return (a, b) -> compareIds((String) a, (String) b);
        }
        if (f.type.isText()) {
            return (a, b) -> String.CASE_INSENSITIVE_ORDER.compare((String) a, (String) b);
        }
        if (f.type.isNumber()) {
            return (a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return (a, b) -> ((Comparable) a).compareTo(b);
    }

    /** Ids compare by their case-sensitive 15-character form. */
    static int compareIds(String a, String b) {
        for (int i = 0; i < 15; i++) {
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = i < b.length() ? b.charAt(i) : 0;
            if (ca != cb) {
                return ca - cb;
            }
        }
        return 0;
    }

    static Comparator<Object[]> orderComparator(FieldDef f, boolean descending, boolean nullsFirst) {
        return orderComparator(f, ValueAccessor.of(f), descending, nullsFirst);
    }

    static Comparator<Object[]> orderComparator(FieldDef f, ValueAccessor get, boolean descending, boolean nullsFirst) {
        Comparator<Object> values = valueComparator(f);
        Comparator<Object> directed = descending ? values.reversed() : values;
        return (r1, r2) -> {
            Object a = get.get(r1);
            Object b = get.get(r2);
            if (a == null || b == null) {
                if (a == b) {
                    return 0;
                }
                return (a == null) == nullsFirst ? -1 : 1;
            }
            return directed.compare(a, b);
        };
    }
}
