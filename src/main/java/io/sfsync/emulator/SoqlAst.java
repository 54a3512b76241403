package io.sfsync.emulator;

import java.util.List;

/** Parsed SOQL (before binding against the schema). */
final class SoqlAst {

    private SoqlAst() {
    }

    record FieldRef(String path, SoqlLexer.Token token) {
    }

    enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME, DATE_RANGE }

    /** A relative date literal such as TODAY or LAST_N_DAYS:7. */
    record DateRange(String keyword, int n) {
    }

    record Literal(LiteralKind kind, Object value, SoqlLexer.Token token) {
    }

    sealed interface Expr permits And, Or, Not, Comparison, InList {
    }

    record And(List<Expr> parts) implements Expr {
    }

    record Or(List<Expr> parts) implements Expr {
    }

    record Not(Expr inner) implements Expr {
    }

    /** op is one of = != &lt; &gt; &lt;= &gt;= LIKE ("&lt;&gt;" is normalised to "!="). */
    record Comparison(FieldRef field, String op, Literal value, SoqlLexer.Token opToken) implements Expr {
    }

    record InList(FieldRef field, boolean negated, List<Literal> values) implements Expr {
    }

    record OrderItem(FieldRef field, boolean descending, boolean nullsFirst) {
    }

    record Query(boolean count, SoqlLexer.Token countToken, List<FieldRef> fields, String objectName,
                 SoqlLexer.Token objectToken, Expr where, List<OrderItem> orderBy, Integer limit, Integer offset,
                 SoqlLexer.Token offsetToken) {
    }
}
