package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.ModstampIndex;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.soql.SoqlAst.And;
import io.sfsync.emulator.soql.SoqlAst.Comparison;
import io.sfsync.emulator.soql.SoqlAst.Expr;
import io.sfsync.emulator.soql.SoqlAst.LiteralKind;
import io.sfsync.emulator.soql.SoqlAst.Or;

/**
 * Access-path planning: finds a lower bound on SystemModstamp that every matching row must satisfy, so the scan
 * can start in the {@link ModstampIndex} instead of visiting the whole object. Recognises {@code SystemModstamp > X},
 * {@code >= X}, {@code = X}, conjunctions containing such a term, and disjunctions whose branches are all bounded
 * (the keyset form {@code SystemModstamp > X OR (SystemModstamp = X AND Id > 'Y')}). The full WHERE clause is still
 * applied to every candidate, so the plan only changes how many rows are examined, never the result.
 */
final class QueryPlanner {

    /** No usable bound: scan everything. */
    static final long NO_BOUND = Long.MIN_VALUE;

    private QueryPlanner() {
    }

    static long modstampLowerBound(Expr e, SObjectDef object) {
        if (e == null || object.field("SystemModstamp") == null) {
            return NO_BOUND;
        }
        return bound(e, object);
    }

    private static long bound(Expr e, SObjectDef object) {
        if (e instanceof And and) {
            long best = NO_BOUND;
            for (Expr part : and.parts()) {
                best = Math.max(best, bound(part, object));
            }
            return best;
        }
        if (e instanceof Or or) {
            long lowest = Long.MAX_VALUE;
            for (Expr part : or.parts()) {
                long b = bound(part, object);
                if (b == NO_BOUND) {
                    return NO_BOUND;
                }
                lowest = Math.min(lowest, b);
            }
            return lowest;
        }
        if (e instanceof Comparison c && isModstamp(c.field().path(), object)
                && c.value().kind() == LiteralKind.DATETIME) {
            return switch (c.op()) {
                case ">", ">=", "=" -> (Long) c.value().value();
                default -> NO_BOUND;
            };
        }
        return NO_BOUND;
    }

    private static boolean isModstamp(String path, SObjectDef object) {
        return path.equalsIgnoreCase("SystemModstamp") || path.equalsIgnoreCase(object.name + ".SystemModstamp");
    }
}
