package dev.pgguard.classifier;

import java.util.List;

/**
 * One statement of a message with what the classifier made of it.
 *
 * @param sql      the statement's text as sent (comments inside it included, its semicolon not)
 * @param kind     what it does
 * @param verdict  the most restrictive verdict of its rules, {@link Verdict#ALLOW} when none fired
 * @param rules    the rules that fired, in the order they were found
 * @param reads    tables it reads
 * @param writes   tables it writes (inserts into, updates, deletes from, truncates, drops, alters)
 * @param canWrite whether running it can change anything: data, schema, sequences or settings that would
 *                 lift read-only mode; true whenever pgguard cannot tell
 * @param tablesKnown whether {@code reads} and {@code writes} name every table it touches as far as its text
 *                 shows (a view's or function's own tables aside); false for DO, CALL, EXECUTE, most DDL, and
 *                 whatever pgguard cannot read table by table
 * @param calls    the functions it calls, with their schema when written (null when left to search_path)
 * @param changesIdentity whether it changes what names resolve to or which role the session acts as: SET of
 *                 search_path, role or session_authorization (not back to their defaults), or set_config of one
 * @param fingerprint a short id of the statement's shape, the same whatever its literal values, comments and
 *                 layout (what the audit log records); null when the message could not be split into statements
 * @param prepares the name a {@code PREPARE name AS ...} defines, as PostgreSQL keys it (a protocol Bind can run
 *                 it by that name too); null for any other statement
 */
public record ClassifiedStatement(String sql, StatementKind kind, Verdict verdict, List<RuleHit> rules,
                                  List<TableRef> reads, List<TableRef> writes, boolean canWrite,
                                  boolean tablesKnown, List<FunctionRef> calls, boolean changesIdentity,
                                  String fingerprint, String prepares) {

    public ClassifiedStatement {
        rules = List.copyOf(rules);
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
        calls = List.copyOf(calls);
    }
}
