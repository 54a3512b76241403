package io.sfsync.emulator;

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
import io.sfsync.emulator.SoqlLexer.Kind;
import io.sfsync.emulator.SoqlLexer.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the SOQL subset:
 * <pre>
 * query      := SELECT (COUNT '(' ')' | field (',' field)*) FROM ident [WHERE condition]
 *               [ORDER BY order (',' order)*] [LIMIT int] [OFFSET int] EOF
 * condition  := unary ( (AND unary)* | (OR unary)* )      -- mixing AND/OR needs parentheses, as in SOQL
 * unary      := NOT unary | '(' condition ')' | simple
 * simple     := field op literal | field [NOT] IN '(' literal (',' literal)* ')' | field LIKE string
 * </pre>
 */
final class SoqlParser {

    private static final Set<String> DATE_KEYWORDS = Set.of("TODAY", "YESTERDAY", "TOMORROW");
    private static final Set<String> DATE_N_KEYWORDS = Set.of("LAST_N_DAYS", "NEXT_N_DAYS");
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE",
            "ORDER", "BY", "LIMIT", "OFFSET", "NULL", "TRUE", "FALSE", "ASC", "DESC", "NULLS", "GROUP", "HAVING");

    private final String soql;
    private final List<Token> tokens;
    private int i;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
    }

    static Query parse(String soql) {
        if (soql == null || soql.isBlank()) {
            throw new SalesforceApiException(400, "MALFORMED_QUERY", "SOQL statements cannot be empty or null");
        }
        return new SoqlParser(soql).query();
    }

    private Query query() {
        expectKeyword("SELECT");
        boolean count = false;
        Token countToken = null;
        List<FieldRef> fields = new ArrayList<>();
        if (peek().isKeyword("COUNT") && peek(1).is(Kind.LPAREN)) {
            countToken = advance();
            advance();
            if (!peek().is(Kind.RPAREN)) {
                throw unexpected(peek()); // COUNT(field) aggregates are not supported by the emulator
            }
            advance();
            count = true;
        } else {
            fields.add(fieldRef());
            while (peek().is(Kind.COMMA)) {
                advance();
                fields.add(fieldRef());
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
        if (peek().isKeyword("LIMIT")) {
            advance();
            limit = nonNegativeInt();
        }
        Integer offset = null;
        Token offsetToken = null;
        if (peek().isKeyword("OFFSET")) {
            offsetToken = advance();
            offset = nonNegativeInt();
        }
        if (!peek().is(Kind.EOF)) {
            throw unexpected(peek());
        }
        return new Query(count, countToken, fields, objectToken.text(), objectToken, where, orderBy, limit, offset,
                offsetToken);
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
        FieldRef f = fieldRef();
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
        return new OrderItem(f, desc, nullsFirst);
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
            advance();
            expect(Kind.LPAREN);
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
