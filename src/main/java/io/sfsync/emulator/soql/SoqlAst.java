package io.sfsync.emulator.soql;

import java.util.List;

/** Parsed SOQL (before binding against the schema). */
public final class SoqlAst {

    private SoqlAst() {
    }

    public record FieldRef(String path, SoqlLexer.Token token) {
    }

    enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME, DATE_RANGE }

    /** A relative date literal such as TODAY or LAST_N_DAYS:7. */
    record DateRange(String keyword, int n) {
    }

    record Literal(LiteralKind kind, Object value, SoqlLexer.Token token) {
    }

    /** An aggregate function call: COUNT, COUNT_DISTINCT, SUM, AVG, MIN or MAX (upper case) of a field. */
    record Aggregate(String function, FieldRef arg, SoqlLexer.Token token) {
    }

    /** One entry of the SELECT list. */
    sealed interface SelectItem permits FieldItem, AggregateItem, ToLabelItem, FieldsItem, SubqueryItem {
    }

    /** A field, with an alias only in aggregate queries ({@code SELECT LeadSource src, COUNT(Id) ...}). */
    record FieldItem(FieldRef field, String alias, SoqlLexer.Token aliasToken) implements SelectItem {
    }

    record AggregateItem(Aggregate call, String alias) implements SelectItem {
    }

    record ToLabelItem(FieldRef field, String alias, SoqlLexer.Token token) implements SelectItem {
    }

    /** FIELDS(ALL | STANDARD | CUSTOM), kind in upper case. */
    record FieldsItem(String kind, SoqlLexer.Token token) implements SelectItem {
    }

    /** A parent-to-child subquery: {@code (SELECT LastName FROM Contacts)}, objectName is the relationship name. */
    record SubqueryItem(Query query, SoqlLexer.Token token) implements SelectItem {
    }

    public sealed interface Expr permits And, Or, Not, Comparison, InList, SemiJoin, HavingComparison {
    }

    public record And(List<Expr> parts) implements Expr {
    }

    public record Or(List<Expr> parts) implements Expr {
    }

    public record Not(Expr inner) implements Expr {
    }

    /** op is one of = != &lt; &gt; &lt;= &gt;= LIKE ("&lt;&gt;" is normalised to "!="). */
    public record Comparison(FieldRef field, String op, Literal value, SoqlLexer.Token opToken) implements Expr {
    }

    public record InList(FieldRef field, boolean negated, List<Literal> values) implements Expr {
    }

    /** {@code Id [NOT] IN (SELECT WhoId FROM Task ...)}. */
    record SemiJoin(FieldRef field, boolean negated, Query inner, SoqlLexer.Token token) implements Expr {
    }

    /** A HAVING term on an aggregate: {@code COUNT(Id) > 1}. */
    record HavingComparison(Aggregate call, String op, Literal value, SoqlLexer.Token opToken) implements Expr {
    }

    /** {@code aggregate} is set when ordering by an aggregate; {@code field} is then its argument. */
    public record OrderItem(FieldRef field, boolean descending, boolean nullsFirst, Aggregate aggregate) {
    }

    /**
     * {@code fields} lists every field reference of the SELECT list (plain, toLabel and aggregate arguments) for
     * access checks; {@code items} is the SELECT list itself.
     */
    public record Query(boolean count, SoqlLexer.Token countToken, List<FieldRef> fields, List<SelectItem> items,
                 String objectName, SoqlLexer.Token objectToken, Expr where, List<FieldRef> groupBy, Expr having,
                 List<OrderItem> orderBy, Integer limit, SoqlLexer.Token limitToken, Integer offset,
                 SoqlLexer.Token offsetToken) {

        boolean isAggregate() {
            return !groupBy.isEmpty() || items.stream().anyMatch(i -> i instanceof AggregateItem);
        }
    }
}
