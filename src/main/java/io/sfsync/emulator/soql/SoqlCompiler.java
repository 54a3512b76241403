package io.sfsync.emulator.soql;

import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.Schema;
import io.sfsync.emulator.org.SfIds;
import io.sfsync.emulator.org.ValueAccessor;
import io.sfsync.emulator.soql.CompiledQuery.RowPredicate;
import io.sfsync.emulator.soql.SoqlAst.Aggregate;
import io.sfsync.emulator.soql.SoqlAst.AggregateItem;
import io.sfsync.emulator.soql.SoqlAst.And;
import io.sfsync.emulator.soql.SoqlAst.Comparison;
import io.sfsync.emulator.soql.SoqlAst.DateRange;
import io.sfsync.emulator.soql.SoqlAst.Expr;
import io.sfsync.emulator.soql.SoqlAst.FieldItem;
import io.sfsync.emulator.soql.SoqlAst.FieldRef;
import io.sfsync.emulator.soql.SoqlAst.FieldsItem;
import io.sfsync.emulator.soql.SoqlAst.HavingComparison;
import io.sfsync.emulator.soql.SoqlAst.InList;
import io.sfsync.emulator.soql.SoqlAst.Literal;
import io.sfsync.emulator.soql.SoqlAst.LiteralKind;
import io.sfsync.emulator.soql.SoqlAst.Not;
import io.sfsync.emulator.soql.SoqlAst.Or;
import io.sfsync.emulator.soql.SoqlAst.OrderItem;
import io.sfsync.emulator.soql.SoqlAst.Query;
import io.sfsync.emulator.soql.SoqlAst.SelectItem;
import io.sfsync.emulator.soql.SoqlAst.SemiJoin;
import io.sfsync.emulator.soql.SoqlAst.SubqueryItem;
import io.sfsync.emulator.soql.SoqlAst.ToLabelItem;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds a parsed SOQL query to the schema (Salesforce's semantic errors: INVALID_TYPE, INVALID_FIELD,
 * INVALID_QUERY_FILTER_OPERATOR) and compiles the WHERE clause and ORDER BY into row-level functions.
 */
public final class SoqlCompiler {

    static final int MAX_OFFSET = 2000;
    /** FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT of at most this. */
    static final int MAX_FIELDS_LIMIT = 200;

    private final String soql;
    private final Schema schema;
    private final long nowMillis;
    private final QuerySource source;
    private SObjectDef object;
    /** Set while binding HAVING: fields resolve to GROUP BY positions of this aggregation. */
    private QueryAggregation having;
    private Map<String, Integer> groupPositions = Map.of();

    private SoqlCompiler(String soql, Schema schema, long nowMillis, QuerySource source) {
        this.soql = soql;
        this.schema = schema;
        this.nowMillis = nowMillis;
        this.source = source;
    }

    /** Compiles without data: for validation (semi-joins and subqueries then find no rows). */
    public static CompiledQuery compile(String soql, Schema schema, long nowMillis) {
        return compile(soql, schema, nowMillis, QuerySource.NONE);
    }

    /** {@code source} resolves parent rows (Owner.Name) and the rows of semi-joins and subqueries. */
    public static CompiledQuery compile(String soql, Schema schema, long nowMillis, QuerySource source) {
        Query q = SoqlParser.parse(soql);
        SoqlCompiler c = new SoqlCompiler(soql, schema, nowMillis, source);
        c.object = c.queriedObject(q);
        return q.isAggregate() ? c.bindAggregate(q) : c.bind(q);
    }

    /** A compiler for a nested query (subquery, semi-join) over another object. */
    private SoqlCompiler nested(SObjectDef nestedObject) {
        SoqlCompiler c = new SoqlCompiler(soql, schema, nowMillis, source);
        c.object = nestedObject;
        return c;
    }

    private SObjectDef queriedObject(Query q) {
        SObjectDef o = schema.object(q.objectName());
        if (o == null || !o.queryable) {
            throw SoqlErrors.at("INVALID_TYPE", soql, q.objectToken(), "sObject type '" + q.objectName()
                    + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c'"
                    + " after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        return o;
    }

    private CompiledQuery bind(Query q) {
        List<FieldDef> select = new ArrayList<>();
        List<SelectColumn> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SelectItem item : q.items()) {
            if (item instanceof FieldItem fi) {
                if (fi.alias() != null) {
                    throw SoqlErrors.at("MALFORMED_QUERY", soql, fi.aliasToken(),
                            "Only aggregate expressions use field aliasing");
                }
                add(columns, select, seen, column(fi.field()), fi.field().token());
            } else if (item instanceof ToLabelItem tl) {
                // the emulator's picklist labels are their values: toLabel reads the stored value
                add(columns, select, seen, tl.alias() == null ? column(tl.field()) : aliased(tl), tl.token());
            } else if (item instanceof FieldsItem fs) {
                if (!fs.kind().equals("STANDARD") && (q.limit() == null || q.limit() > MAX_FIELDS_LIMIT)) {
                    throw SoqlErrors.at("MALFORMED_QUERY", soql, fs.token(),
                            "The SOQL FIELDS function must have a LIMIT of at most " + MAX_FIELDS_LIMIT);
                }
                for (FieldDef f : object.fields) {
                    boolean wanted = fs.kind().equals("ALL") || f.custom == fs.kind().equals("CUSTOM");
                    if (wanted && source.fieldVisible(object, f)) {
                        add(columns, select, seen, SelectColumn.plain(f), fs.token());
                    }
                }
            } else if (item instanceof SubqueryItem sq) {
                add(columns, select, seen, subquery(sq), sq.token());
            }
        }
        RowPredicate where = q.where() == null ? null : predicate(q.where());
        Comparator<Object[]> order = null;
        for (OrderItem item : q.orderBy()) {
            if (item.aggregate() != null) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, item.aggregate().token(),
                        "Ordered field must be grouped or aggregated: " + item.field().path());
            }
            SelectColumn col = column(item.field());
            FieldDef f = col.field();
            if (!f.sortable()) {
                throw SoqlErrors.at("INVALID_FIELD", soql, item.field().token(),
                        "field '" + f.name + "' can not be sorted in a query call");
            }
            Comparator<Object[]> c = orderComparator(f, col.value(), item.descending(), item.nullsFirst());
            order = order == null ? c : order.thenComparing(c);
        }
        checkOffset(q);
        return new CompiledQuery(object, q.count(), List.copyOf(select), where, order,
                q.limit() == null ? -1 : q.limit(), q.offset() == null ? 0 : q.offset(), List.copyOf(columns),
                QueryPlanner.modstampLowerBound(q.where(), object), null);
    }

    private void add(List<SelectColumn> columns, List<FieldDef> select, Set<String> seen, SelectColumn c,
                     SoqlLexer.Token at) {
        if (!seen.add(c.key())) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, at, "duplicate field selected: "
                    + (c.isRelationship() ? c.relationshipName() + "." : "")
                    + (c.isSubquery() ? c.relationshipName() : c.field().name));
        }
        columns.add(c);
        if (!c.isRelationship() && !c.isSubquery()) {
            select.add(c.field());
        }
    }

    /** toLabel(Status) StatusLabel: the field's value under the alias. */
    private SelectColumn aliased(ToLabelItem tl) {
        SelectColumn c = column(tl.field());
        if (c.isRelationship()) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, tl.token(),
                    "the emulator supports an aliased toLabel() on fields of the queried object only");
        }
        return SelectColumn.plain(c.field().renamed(tl.alias()));
    }

    private void checkOffset(Query q) {
        if (q.offset() != null && q.offset() > MAX_OFFSET) {
            throw new SalesforceApiException(400, "NUMBER_OUTSIDE_VALID_RANGE",
                    "Maximum SOQL offset allowed is " + MAX_OFFSET);
        }
    }

    // ---------------------------------------------------------------- subqueries and semi-joins

    /** (SELECT LastName FROM Contacts WHERE ... ORDER BY ... LIMIT n): the child rows of each parent row. */
    private SelectColumn subquery(SubqueryItem sq) {
        Query sub = sq.query();
        Schema.ChildRelationship rel = schema.childRelationship(object, sub.objectName());
        if (rel == null) {
            throw SoqlErrors.at("INVALID_TYPE", soql, sub.objectToken(), "Didn't understand relationship '"
                    + sub.objectName() + "' in FROM part of query call. If you are attempting to use a custom"
                    + " relationship, be sure to append the '__r' after the custom relationship name. Please reference"
                    + " your WSDL or the describe call for the appropriate names.");
        }
        if (sub.count()) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, sub.countToken(), "unexpected token: 'COUNT'");
        }
        CompiledQuery inner = nested(rel.child()).bind(sub);
        ChildIndex rows = new ChildIndex(rel.child(), rel.field(), inner, source);
        return SelectColumn.subquery(object.requiredField("Id"), rel.name(),
                new SelectColumn.Children(rel.child(), inner.columns(), rows));
    }

    /**
     * The children of all parents, read once on first use (when the first page is written) and grouped by parent
     * id, each group ordered and limited as the subquery says.
     */
    private static final class ChildIndex implements java.util.function.Function<String, List<Object[]>> {
        private final SObjectDef child;
        private final FieldDef reference;
        private final CompiledQuery inner;
        private final QuerySource source;
        private Map<String, List<Object[]>> byParent;

        ChildIndex(SObjectDef child, FieldDef reference, CompiledQuery inner, QuerySource source) {
            this.child = child;
            this.reference = reference;
            this.inner = inner;
            this.source = source;
        }

        @Override
        public synchronized List<Object[]> apply(String parentId) {
            if (byParent == null) {
                Map<String, List<Object[]>> index = new HashMap<>();
                for (Object[] row : source.liveRows(child, inner.where())) {
                    Object id = row[reference.index];
                    if (id != null) {
                        index.computeIfAbsent(SfIds.key15((String) id), k -> new ArrayList<>()).add(row);
                    }
                }
                for (Map.Entry<String, List<Object[]>> e : index.entrySet()) {
                    List<Object[]> rows = e.getValue();
                    if (inner.order() != null) {
                        rows.sort(inner.order());
                    }
                    int from = Math.min(inner.offset(), rows.size());
                    int to = inner.limit() < 0 ? rows.size() : (int) Math.min(rows.size(), (long) from + inner.limit());
                    e.setValue(List.copyOf(rows.subList(from, to)));
                }
                byParent = index;
            }
            return parentId == null ? List.of() : byParent.getOrDefault(SfIds.key15(parentId), List.of());
        }
    }

    /** Id IN (SELECT WhoId FROM Task WHERE ...): the inner query runs once, here, into a set of ids. */
    private RowPredicate semiJoin(SemiJoin sj) {
        if (having != null) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, sj.token(), "unexpected token: 'IN'");
        }
        SelectColumn outer = filterColumn(sj.field());
        if (!outer.field().type.isId()) {
            throw SoqlErrors.at("INVALID_FIELD", soql, sj.field().token(), "Invalid semi join: the field '"
                    + outer.field().name + "' must be an Id or a reference field");
        }
        Query inner = sj.inner();
        SObjectDef innerObject = queriedObject(inner);
        if (inner.count() || inner.items().size() != 1 || !(inner.items().get(0) instanceof FieldItem fi)) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, inner.objectToken(),
                    "Invalid semi join: the inner query must select exactly one Id or reference field");
        }
        SoqlCompiler nestedCompiler = nested(innerObject);
        CompiledQuery compiled = nestedCompiler.bind(inner);
        SelectColumn selected = compiled.columns().get(0);
        if (!selected.field().type.isId() || selected.isRelationship()) {
            throw SoqlErrors.at("INVALID_FIELD", soql, fi.field().token(), "Invalid semi join: the inner query"
                    + " must select an Id or a reference field, not '" + selected.field().name + "'");
        }
        List<Object[]> rows = new ArrayList<>(source.liveRows(innerObject, compiled.where()));
        if (compiled.order() != null) {
            rows.sort(compiled.order());
        }
        int to = compiled.limit() < 0 ? rows.size() : Math.min(rows.size(), compiled.limit());
        Set<String> keys = new HashSet<>();
        for (Object[] row : rows.subList(0, to)) {
            Object v = selected.value().get(row);
            if (v != null) {
                keys.add(SfIds.key15((String) v));
            }
        }
        ValueAccessor get = outer.value();
        boolean negated = sj.negated();
        return row -> {
            Object v = get.get(row);
            boolean member = v != null && keys.contains(SfIds.key15((String) v));
            return negated != member;
        };
    }

    // ---------------------------------------------------------------- aggregates

    /** SELECT LeadSource, COUNT(Id) n FROM Lead WHERE ... GROUP BY LeadSource HAVING ... ORDER BY ... LIMIT ... */
    private CompiledQuery bindAggregate(Query q) {
        QueryAggregation agg = new QueryAggregation();
        Map<String, Integer> groups = new HashMap<>();
        for (FieldRef g : q.groupBy()) {
            SelectColumn c = column(g);
            FieldDef f = c.field();
            if (!f.filterable() || f.formula != null || f.isCalculated() || f.type == FieldType.DOUBLE
                    || f.type == FieldType.CURRENCY || f.type == FieldType.PERCENT) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, g.token(),
                        "field '" + f.name + "' can not be grouped in a query call");
            }
            if (groups.putIfAbsent(c.key(), agg.addGroup(f, c.value())) != null) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, g.token(), "duplicate field in GROUP BY: " + f.name);
            }
        }
        int unnamed = 0;
        for (SelectItem item : q.items()) {
            String name;
            int position;
            SoqlLexer.Token at;
            if (item instanceof AggregateItem ai) {
                position = agg.call(call(ai.call()));
                at = ai.call().token();
                name = ai.alias() != null ? ai.alias() : "expr" + unnamed++;
            } else {
                FieldRef ref;
                String alias;
                if (item instanceof FieldItem fi) {
                    ref = fi.field();
                    alias = fi.alias();
                } else if (item instanceof ToLabelItem tl) {
                    ref = tl.field();
                    alias = tl.alias();
                } else {
                    SoqlLexer.Token t = item instanceof FieldsItem fs ? fs.token() : ((SubqueryItem) item).token();
                    throw SoqlErrors.at("MALFORMED_QUERY", soql, t,
                            "FIELDS() and subqueries can not be used in a query with aggregate functions or GROUP BY");
                }
                SelectColumn c = column(ref);
                Integer p = groups.get(c.key());
                if (p == null) {
                    throw SoqlErrors.at("MALFORMED_QUERY", soql, ref.token(),
                            "Field must be grouped or aggregated: " + c.field().name);
                }
                position = p;
                at = ref.token();
                name = alias != null ? alias : c.field().name;
            }
            if (agg.hasOutput(name)) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, at, "duplicate alias: " + name);
            }
            agg.output(name, position);
        }
        RowPredicate where = q.where() == null ? null : predicate(q.where());
        if (q.having() != null) {
            having = agg;
            groupPositions = groups;
            agg.having(predicate(q.having()));
            having = null;
        }
        Comparator<Object[]> order = null;
        for (OrderItem item : q.orderBy()) {
            int position;
            if (item.aggregate() != null) {
                position = agg.call(call(item.aggregate()));
            } else {
                Integer p = groups.get(column(item.field()).key());
                if (p == null) {
                    throw SoqlErrors.at("MALFORMED_QUERY", soql, item.field().token(),
                            "Ordered field must be grouped or aggregated: " + item.field().path());
                }
                position = p;
            }
            SelectColumn col = agg.internalColumn(position);
            Comparator<Object[]> c = orderComparator(col.field(), col.value(), item.descending(), item.nullsFirst());
            order = order == null ? c : order.thenComparing(c);
        }
        agg.order(order);
        if (q.limit() != null && q.groupBy().isEmpty()) {
            throw SoqlErrors.at("MALFORMED_QUERY", soql, q.limitToken(),
                    "a query with aggregate functions and a LIMIT clause needs a GROUP BY clause");
        }
        checkOffset(q);
        agg.page(q.limit() == null ? -1 : q.limit(), q.offset() == null ? 0 : q.offset());
        agg.finish();
        return new CompiledQuery(object, false, List.of(), where, null, -1, 0, agg.columns(),
                QueryPlanner.modstampLowerBound(q.where(), object), agg);
    }

    private QueryAggregation.Call call(Aggregate a) {
        SelectColumn c = column(a.arg());
        FieldDef f = c.field();
        boolean ok = switch (a.function()) {
            case "SUM", "AVG" -> f.type.isNumber();
            case "MIN", "MAX" -> f.type != FieldType.BOOLEAN && f.filterable();
            default -> f.filterable();
        };
        if (!ok) {
            throw SoqlErrors.at("INVALID_FIELD", soql, a.arg().token(),
                    "field " + f.name + " does not support aggregate operator " + a.function());
        }
        return new QueryAggregation.Call(a.function(), c.key(), f, c.value(), a.function() + "(" + a.arg().path() + ")");
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
            return SelectColumn.related(reference, f, source::parentRow);
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
        if (e instanceof SemiJoin sj) {
            return semiJoin(sj);
        }
        if (e instanceof HavingComparison hc) {
            SelectColumn column = having.internalColumn(having.call(call(hc.call())));
            return comparison(column, hc.call().token(), hc.op(), hc.value(), hc.opToken());
        }
        Comparison c = (Comparison) e;
        return comparison(filterColumn(c.field()), c.field().token(), c.op(), c.value(), c.opToken());
    }

    private SelectColumn filterColumn(FieldRef ref) {
        if (having != null) {
            Integer p = groupPositions.get(column(ref).key());
            if (p == null) {
                throw SoqlErrors.at("MALFORMED_QUERY", soql, ref.token(),
                        "Field must be grouped or aggregated: " + column(ref).field().name);
            }
            return having.internalColumn(p);
        }
        SelectColumn c = column(ref);
        FieldDef f = c.field();
        if (!f.filterable()) {
            throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(),
                    "field '" + f.name + "' can not be filtered in a query call");
        }
        return c;
    }

    private RowPredicate comparison(SelectColumn column, SoqlLexer.Token at, String op, Literal lit,
                                    SoqlLexer.Token opToken) {
        FieldDef f = column.field();
        ValueAccessor get = column.value();
        if (op.equals("LIKE")) {
            if (!f.type.isText() && !f.type.isId()) {
                throw SoqlErrors.at("INVALID_FIELD", soql, at, "invalid operator on "
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
            default -> throw SoqlErrors.malformed(soql, opToken.row(), opToken.column(),
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
    public static int compareIds(String a, String b) {
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
