package dev.pgguard.approval;

import dev.pgguard.classifier.Classification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a session asks a human to approve.
 *
 * @param agent          the agent the session authenticated as
 * @param database       the database it is connected to
 * @param environment    the environment that database belongs to (prod, staging, ...; {@code default} when
 *                       the config has a single upstream)
 * @param session        pgguard's session id
 * @param client         the client's address
 * @param sql            the statement text as the client sent it
 * @param parameters     the bind parameters of the held execution, for display (text values as text, binary
 *                       ones as {@code \x} hex, NULL as null); empty for a simple Query
 * @param classification why it is held
 * @param inTransaction  whether the session is inside a transaction block (a shorter timeout applies)
 * @param statementKey   what an approval binds to: a digest of the exact statement bytes and bind parameters
 *                       ({@link StatementKey})
 */
public record HoldRequest(String agent, String database, String environment, String session, String client, String sql,
                          List<String> parameters, Classification classification, boolean inTransaction,
                          StatementKey statementKey) {

    public HoldRequest {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(statementKey, "statementKey");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // not List.copyOf: NULLs allowed
    }
}
