package io.sfsync.emulator.soql;

import io.sfsync.emulator.SalesforceApiException;
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
import io.sfsync.emulator.soql.SoqlLexer.Kind;
import io.sfsync.emulator.soql.SoqlLexer.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the SOQL subset:
 * <pre>
 * query      := SELECT (COUNT '(' ')' | item (',' item)*) FROM ident [WHERE condition]
 *               [GROUP BY field (',' field)* [HAVING condition]]
 *               [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int] EOF
 * item       := field [alias] | aggregate [alias] | TOLABEL '(' field ')' | FIELDS '(' ALL|STANDARD|CUSTOM ')'
 *               | '(' query ')'                          -- a parent-to-child subquery, FROM a relationship name
 * aggregate  := (COUNT | COUNT_DISTINCT | SUM | AVG | MIN | MAX) '(' field ')'
 * condition  := unary ( (AND unary)* | (OR unary)* )      -- mixing AND/OR needs parentheses, as in SOQL
 * unary      := NOT unary | '(' condition ')' | simple
 * simple     := field op literal | field [NOT] IN '(' literal (',' literal)* ')' | field LIKE string
 *               | field [NOT] IN '(' query ')'           -- a semi-join (anti-join with NOT)
 *               | aggregate op literal                   -- in HAVING only
 * order      := (field | aggregate) [ASC | DESC] [NULLS (FIRST | LAST)]
 * </pre>
 */
public final class SoqlParser {

    private static final Set<String> DATE_KEYWORDS = Set.of("TODAY", "YESTERDAY", "TOMORROW");
    private static final Set<String> DATE_N_KEYWORDS = Set.of("LAST_N_DAYS", "NEXT_N_DAYS");
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE",
            "ORDER", "BY", "LIMIT", "OFFSET", "NULL", "TRUE", "FALSE", "ASC", "DESC", "NULLS", "GROUP", "HAVING");
    private static final Set<String> AGGREGATES = Set.of("COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX");
    private static final Set<String> FIELDS_KINDS = Set.of("ALL", "STANDARD", "CUSTOM");

    private final String soql;
    private final List<Token> tokens;
    private int i;
    private boolean inHaving;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
    }

    public static Query parse(String soql) {
        if (soql == null || soql.isBlank()) {
            throw new SalesforceApiException(400, "MALFORMED_QUERY", "SOQL statements cannot be empty or null");
        }
        SoqlParser p = new SoqlParser(soql);
        Query q = p.query(false);
        if (!p.peek().is(Kind.EOF)) {
            throw p.unexpected(p.peek());
        }
        return q;
    }

    /** A query up to EOF, or (nested) up to the closing parenthesis, which is left for the caller. */
    private Query query(boolean nested) {
        expectKeyword("SELECT");
        boolean count = false;
        Token countToken = null;
        List<FieldRef> fields = new ArrayList<>();
        List<SelectItem> items = new ArrayList<>();
        if (peek().isKeyword("COUNT") && peek(1).is(Kind.LPAREN) && peek(2).is(Kind.RPAREN)) {
            countToken = advance();
            advance();
            advance();
            count = true;
        } else {
            items.add(selectItem(fields, nested));
            while (peek().is(Kind.COMMA)) {
                advance();
                items.add(selectItem(fields, nested));
            }
        }
        expectKeyword("FROM");
        Token objectToken = peek();
        if (!objectToken.is(Kind.IDENT) || isReserved(objectToken)) {
            throw unexpected(objectToken);
        }
        advance();
        Expr where = null;
        if (peek().isKeyword("WHERE")) {
            advance();
            where = condition();
        }
        List<FieldRef> groupBy = new ArrayList<>();
        Expr having = null;
        if (!nested && peek().isKeyword("GROUP")) {
            advance();
            expectKeyword("BY");
            groupBy.add(fieldRef());
            while (peek().is(Kind.COMMA)) {
                advance();
                groupBy.add(fieldRef());
            }
            if (peek().isKeyword("HAVING")) {
                advance();
                inHaving = true;
                having = condition();
                inHaving = false;
            }
        }
        List<OrderItem> orderBy = new ArrayList<>();
        if (peek().isKeyword("ORDER")) {
            advance();
            expectKeyword("BY");
            orderBy.add(orderItem());
            while (peek().is(Kind.COMMA)) {
                advance();
                orderBy.add(orderItem());
            }
        }
        Integer limit = null;
        Token limitToken = null;
        if (peek().isKeyword("LIMIT")) {
            limitToken = advance();
            limit = nonNegativeInt();
        }
        Integer offset = null;
        Token offsetToken = null;
        if (peek().isKeyword("OFFSET")) {
            offsetToken = advance();
            offset = nonNegativeInt();
        }
        if (!peek().is(nested ? Kind.RPAREN : Kind.EOF)) {
            throw unexpected(peek());
        }
        return new Query(count, countToken, fields, items, objectToken.text(), objectToken, where, groupBy, having,
                orderBy, limit, limitToken, offset, offsetToken);
    }

    private SelectItem selectItem(List<FieldRef> fields, boolean nested) {
        Token t = peek();
        if (t.is(Kind.LPAREN) && !nested && peek(1).isKeyword("SELECT")) {
            advance();
            Query sub = query(true);
            expect(Kind.RPAREN);
            return new SubqueryItem(sub, t);
        }
        if (t.is(Kind.IDENT) && peek(1).is(Kind.LPAREN)) {
            String name = t.text().toUpperCase(Locale.ROOT);
            if (AGGREGATES.contains(name)) {
                Aggregate call = aggregate();
                fields.add(call.arg());
                return new AggregateItem(call, alias());
            }
            if (name.equals("TOLABEL")) {
                advance();
                advance();
                FieldRef f = fieldRef();
                expect(Kind.RPAREN);
                fields.add(f);
                return new ToLabelItem(f, alias(), t);
            }
            if (name.equals("FIELDS")) {
                advance();
                advance();
                Token kind = peek();
                if (!kind.is(Kind.IDENT) || !FIELDS_KINDS.contains(kind.text().toUpperCase(Locale.ROOT))) {
                    throw unexpected(kind);
                }
                advance();
                expect(Kind.RPAREN);
                return new FieldsItem(kind.text().toUpperCase(Locale.ROOT), t);
            }
            throw unexpected(peek(1));
        }
        FieldRef f = fieldRef();
        fields.add(f);
        Token aliasToken = peek();
        String alias = alias();
        return new FieldItem(f, alias, alias == null ? null : aliasToken);
    }

    /** An aggregate call with a field argument (COUNT() alone is the count query, handled apart). */
    private Aggregate aggregate() {
        Token name = advance();
        expect(Kind.LPAREN);
        FieldRef arg = fieldRef();
        expect(Kind.RPAREN);
        return new Aggregate(name.text().toUpperCase(Locale.ROOT), arg, name);
    }

    /** An alias: an identifier followed by the end of the item (so "SELECT Id Lead" stays a syntax error). */
    private String alias() {
        Token t = peek();
        if (t.is(Kind.IDENT) && !isReserved(t) && (peek(1).is(Kind.COMMA) || peek(1).isKeyword("FROM"))) {
            advance();
            return t.text();
        }
        return null;
    }

    private int nonNegativeInt() {
        Token t = peek();
        if (!t.is(Kind.INTEGER) || t.text().startsWith("-") || t.text().startsWith("+")) {
            throw unexpected(t);
        }
        advance();
        try {
            return ((BigDecimal) t.value()).intValueExact();
        } catch (ArithmeticException e) {
            throw SoqlErrors.malformed(soql, t.row(), t.column(), "For input string: \"" + t.text() + "\"");
        }
    }

    private OrderItem orderItem() {
        Aggregate agg = null;
        FieldRef f;
        if (peek().is(Kind.IDENT) && peek(1).is(Kind.LPAREN)
                && AGGREGATES.contains(peek().text().toUpperCase(Locale.ROOT))) {
            agg = aggregate();
            f = agg.arg();
        } else {
            f = fieldRef();
        }
        boolean desc = false;
        if (peek().isKeyword("ASC")) {
            advance();
        } else if (peek().isKeyword("DESC")) {
            advance();
            desc = true;
        }
        boolean nullsFirst = true; // documented default: "By default, null values are sorted first."
        if (peek().isKeyword("NULLS")) {
            advance();
            if (peek().isKeyword("FIRST")) {
                nullsFirst = true;
            } else if (peek().isKeyword("LAST")) {
                nullsFirst = false;
            } else {
                throw unexpected(peek());
            }
            advance();
        }
        return new OrderItem(f, desc, nullsFirst, agg);
    }

    private Expr condition() {
        Expr first = unary();
        if (peek().isKeyword("AND") || peek().isKeyword("OR")) {
            String op = peek().text().toUpperCase(Locale.ROOT);
            List<Expr> parts = new ArrayList<>();
            parts.add(first);
            while (peek().isKeyword(op)) {
                advance();
                parts.add(unary());
            }
            if (peek().isKeyword("AND") || peek().isKeyword("OR")) {
                // SOQL does not define AND/OR precedence: mixing them without parentheses is a syntax error
                throw unexpected(peek());
            }
            return op.equals("AND") ? new And(parts) : new Or(parts);
        }
        return first;
    }

    private Expr unary() {
        if (peek().isKeyword("NOT")) {
            advance();
            return new Not(unary());
        }
        if (peek().is(Kind.LPAREN)) {
            advance();
            Expr e = condition();
            expect(Kind.RPAREN);
            return e;
        }
        return simple();
    }

    private Expr simple() {
        if (inHaving && peek().is(Kind.IDENT) && peek(1).is(Kind.LPAREN)
                && AGGREGATES.contains(peek().text().toUpperCase(Locale.ROOT))) {
            Aggregate call = aggregate();
            Token op = peek();
            if (!op.is(Kind.OP)) {
                throw unexpected(op);
            }
            advance();
            return new HavingComparison(call, op.text().equals("<>") ? "!=" : op.text(), literal(), op);
        }
        FieldRef f = fieldRef();
        Token t = peek();
        if (t.is(Kind.OP)) {
            advance();
            String op = t.text().equals("<>") ? "!=" : t.text();
            return new Comparison(f, op, literal(), t);
        }
        if (t.isKeyword("LIKE")) {
            advance();
            return new Comparison(f, "LIKE", literal(), t);
        }
        boolean negated = false;
        if (t.isKeyword("NOT") && peek(1).isKeyword("IN")) {
            advance();
            negated = true;
        }
        if (peek().isKeyword("IN")) {
            Token in = advance();
            expect(Kind.LPAREN);
            if (peek().isKeyword("SELECT")) {
                Query inner = query(true);
                expect(Kind.RPAREN);
                return new SemiJoin(f, negated, inner, in);
            }
            List<Literal> values = new ArrayList<>();
            values.add(literal());
            while (peek().is(Kind.COMMA)) {
                advance();
                values.add(literal());
            }
            expect(Kind.RPAREN);
            return new InList(f, negated, values);
        }
        throw unexpected(peek());
    }

    private Literal literal() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                advance();
                return new Literal(LiteralKind.STRING, t.value(), t);
            }
            case INTEGER, DECIMAL -> {
                advance();
                return new Literal(LiteralKind.NUMBER, t.value(), t);
            }
            case DATE -> {
                advance();
                return new Literal(LiteralKind.DATE, t.value(), t);
            }
            case DATETIME -> {
                advance();
                return new Literal(LiteralKind.DATETIME, t.value(), t);
            }
            case IDENT -> {
                String up = t.text().toUpperCase(Locale.ROOT);
                if (up.equals("NULL")) {
                    advance();
                    return new Literal(LiteralKind.NULL, null, t);
                }
                if (up.equals("TRUE") || up.equals("FALSE")) {
                    advance();
                    return new Literal(LiteralKind.BOOLEAN, Boolean.valueOf(up.equals("TRUE")), t);
                }
                if (DATE_KEYWORDS.contains(up)) {
                    advance();
                    return new Literal(LiteralKind.DATE_RANGE, new DateRange(up, 0), t);
                }
                if (DATE_N_KEYWORDS.contains(up)) {
                    advance();
                    expect(Kind.COLON);
                    Token n = peek();
                    if (!n.is(Kind.INTEGER) || n.text().startsWith("-") || n.text().startsWith("+")) {
                        throw unexpected(n);
                    }
                    advance();
                    return new Literal(LiteralKind.DATE_RANGE, new DateRange(up, ((BigDecimal) n.value()).intValue()), t);
                }
                throw unexpected(t);
            }
            default -> throw unexpected(t);
        }
    }

    private FieldRef fieldRef() {
        Token t = peek();
        if (!t.is(Kind.IDENT) || isReserved(t)) {
            throw unexpected(t);
        }
        advance();
        StringBuilder path = new StringBuilder(t.text());
        while (peek().is(Kind.DOT)) {
            advance();
            Token part = peek();
            if (!part.is(Kind.IDENT)) {
                throw unexpected(part);
            }
            advance();
            path.append('.').append(part.text());
        }
        return new FieldRef(path.toString(), t);
    }

    private static boolean isReserved(Token t) {
        return RESERVED.contains(t.text().toUpperCase(Locale.ROOT));
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            throw unexpected(peek());
        }
        advance();
    }

    private void expect(Kind kind) {
        if (!peek().is(kind)) {
            throw unexpected(peek());
        }
        advance();
    }

    private SalesforceApiException unexpected(Token t) {
        return SoqlErrors.malformed(soql, t.row(), t.column(), "unexpected token: '" + t.display() + "'");
    }

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(i);
        if (i < tokens.size() - 1) {
            i++;
        }
        return t;
    }
}
