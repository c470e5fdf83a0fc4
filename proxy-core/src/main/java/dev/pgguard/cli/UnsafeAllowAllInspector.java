package dev.pgguard.cli;

import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.SessionHooks;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.inspect.StatementInspector;
import java.util.concurrent.CompletionStage;

/**
 * {@code -Dpgguard.unsafe.allowAll=true}, for benchmarks only: every statement is allowed unclassified, and put
 * on record the way an allowed statement is (without the classifier's fields), so that the difference to pgguard
 * (bench/pgbench-compare.sh's {@code pgguard-allowall} target) is the classifier's cost and not the audit log's:
 * with nothing recorded, a prepared statement's executions would cost the audit log nothing here and a record
 * each in pgguard.
 */
final class UnsafeAllowAllInspector implements StatementInspector {

    @Override
    public CompletionStage<Decision> inspect(InspectedStatement statement) {
        return Decision.allowNow();
    }

    @Override
    public StatementInspector forSession(SessionInfo session, SessionHooks hooks) {
        return statement -> {
            if (statement.kind() == InspectedStatement.Kind.SIMPLE_QUERY
                    || statement.kind() == InspectedStatement.Kind.PARSE) {
                hooks.allowed(statement, null);
            }
            return Decision.allowNow();
        };
    }
}
