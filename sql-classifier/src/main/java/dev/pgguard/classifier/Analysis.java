package dev.pgguard.classifier;

import java.util.List;
import java.util.Set;

/**
 * What pgguard reads in one statement, independent of any policy: what the caches keep. The policy and
 * the session's prepared statements turn it into a {@link ClassifiedStatement}.
 *
 * @param tablesKnown   whether reads and writes name every table the statement touches as far as its text
 *                      shows (what a view or a function does inside aside); false for opaque code, EXECUTE, most
 *                      DDL and anything pgguard does not read table by table
 * @param functions     names of every function the statement (or its opaque code) calls, lower case
 *                      when unquoted: the policy checks them against its dangerous list (a wide net: every
 *                      name before a parenthesis)
 * @param calls         the functions the statement's own text calls, each once, with their schema when
 *                      written, found as exactly as the grammar allows ({@link FunctionCalls})
 * @param changesIdentity whether it changes what names resolve to or which role the session acts as
 *                      ({@link IdentityChange})
 * @param prepares      the name a {@code PREPARE name AS ...} defines, or null
 * @param executes      the names {@code EXECUTE} runs
 * @param deallocates   the name {@code DEALLOCATE} drops, {@link #ALL} for DEALLOCATE ALL / DISCARD ALL, or null
 * @param literalBound  true when a rule read a literal's contents (opaque code, a COPY file name, the setting
 *                      set_config sets): such an analysis may only be reused for the very same text, never by
 *                      fingerprint
 */
record Analysis(StatementKind kind, List<Finding> findings, List<TableRef> reads, List<TableRef> writes,
                boolean canWrite, boolean tablesKnown, Set<String> functions, List<FunctionRef> calls,
                boolean changesIdentity, String prepares, List<String> executes, String deallocates,
                boolean literalBound) {

    static final String ALL = "*";

    Analysis {
        findings = List.copyOf(findings);
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
        functions = Set.copyOf(functions);
        calls = List.copyOf(calls);
        executes = List.copyOf(executes);
    }

    static Analysis unanalysable(String reason) {
        return new Analysis(StatementKind.UTILITY, List.of(new Finding(Rule.UNANALYSABLE, reason)), List.of(),
                List.of(), true, false, Set.of(), List.of(), false, null, List.of(), null, false);
    }
}
