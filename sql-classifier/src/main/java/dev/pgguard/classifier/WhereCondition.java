package dev.pgguard.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Reads a DELETE's or UPDATE's WHERE condition with JSqlParser and tells whether it depends on the row.
 * It is given the condition's {@link Fingerprint} (literals already replaced), so its answer cannot depend
 * on a literal's value: {@code WHERE 1 = 2} is as row-independent as {@code WHERE 1 = 1}, and both are held.
 */
final class WhereCondition {

    enum Reading {
        /** Refers to the row: the statement touches the rows it selects. */
        ROW_DEPENDENT,
        /** Same value for every row (or {@code x = x}): every row or none. */
        TAUTOLOGICAL,
        /** JSqlParser refused it: pgguard cannot tell. */
        UNPARSEABLE
    }

    /**
     * Words JSqlParser reads as a column but PostgreSQL as a constant or a per-statement value: unquoted
     * only (the fingerprint keeps quoted identifiers quoted, and {@code "true"} is a column).
     */
    private static final Set<String> VALUE_WORDS = Set.of("true", "false", "null", "unknown", "current_date",
            "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user", "session_user",
            "user", "current_role", "current_catalog", "current_schema", "default");

    /**
     * JSqlParser's cost grows much faster than linearly with nesting (measured here: 80 nested parentheses 0.2 s,
     * 160 1 s, 320 5.5 s) and with length (a 20,000-element IN list 1.7 s); beyond these bounds pgguard does not
     * try. Real conditions stay far below both.
     */
    static final int MAX_DEPTH = 48;
    static final int MAX_TOKENS = 40_000;

    private WhereCondition() {
    }

    /** @param depth how deep the condition nests parentheses (its own, not the statement's) */
    static Reading read(List<Token> condition, int depth) {
        if (condition.size() > MAX_TOKENS || depth > MAX_DEPTH) {
            return Reading.UNPARSEABLE;
        }
        Expression e;
        try {
            e = CCJSqlParserUtil.parseCondExpression(Fingerprint.render(condition), false);
        } catch (JSQLParserException | RuntimeException | StackOverflowError first) {
            return Reading.UNPARSEABLE;
        }
        return tautological(e) ? Reading.TAUTOLOGICAL : Reading.ROW_DEPENDENT;
    }

    private static boolean tautological(Expression e) {
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return tautological(p.get(0));
        }
        if (e instanceof OrExpression or) {
            return tautological(or.getLeftExpression()) || tautological(or.getRightExpression());
        }
        if (e instanceof AndExpression and) {
            return tautological(and.getLeftExpression()) && tautological(and.getRightExpression());
        }
        if (e instanceof NotExpression not && !refersToRow(not.getExpression())) {
            return true;
        }
        if (e instanceof EqualsTo || e instanceof GreaterThanEquals || e instanceof MinorThanEquals
                || e instanceof IsDistinctExpression d && d.isNot()) {
            BinaryExpression b = (BinaryExpression) e;
            if (sameExpression(b.getLeftExpression(), b.getRightExpression())) {
                return true;
            }
        }
        return !refersToRow(e);
    }

    private static boolean sameExpression(Expression a, Expression b) {
        return a.toString().equals(b.toString()) && refersToRow(a);
    }

    /**
     * True when the expression mentions a column, or holds a subquery with a FROM (which may be correlated:
     * pgguard gives it the benefit of the doubt rather than holding every {@code WHERE EXISTS (...)}).
     */
    static boolean refersToRow(Expression e) {
        boolean[] found = {false};
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                if (column.getTable() != null && column.getTable().getName() != null
                        || !VALUE_WORDS.contains(column.getColumnName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return subquery(select.getSelect(), context);
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return subquery(select, context);
            }

            @Override
            public <S> Void visit(ExistsExpression exists, S context) {
                found[0] = true;
                return null;
            }

            /**
             * A subquery without FROM ({@code (SELECT true)}) is as row-independent as its expressions; any other
             * may be correlated and gets the benefit of the doubt.
             */
            private <S> Void subquery(Select select, S context) {
                while (select instanceof ParenthesedSelect p) {
                    select = p.getSelect(); // JSqlParser visits a parenthesised subquery as a Select
                }
                if (select instanceof PlainSelect p && p.getFromItem() == null && p.getWhere() == null
                        && p.getSelectItems() != null) {
                    p.getSelectItems().forEach(item -> item.getExpression().accept(this, context));
                } else {
                    found[0] = true;
                }
                return null;
            }
        }, null);
        return found[0];
    }
}
