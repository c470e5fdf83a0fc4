package dev.pgguard.proxy.inspect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;

/**
 * The inspector in force until the classifier plugs in: allows everything, and records what it saw at DEBUG
 * (SQL never appears in the application log above DEBUG; the audit log is where SQL belongs).
 */
public final class LoggingInspector implements StatementInspector {

    private static final Logger log = LoggerFactory.getLogger(LoggingInspector.class);

    @Override
    public CompletionStage<Decision> inspect(InspectedStatement statement) {
        if (log.isDebugEnabled()) {
            switch (statement.kind()) {
                case SIMPLE_QUERY -> log.debug("{} FE=> Query {}", statement.session().logPrefix(), statement.sql());
                case PARSE -> log.debug("{} FE=> Parse \"{}\" {}", statement.session().logPrefix(),
                        statement.statementName(), statement.sql());
                case FUNCTION_CALL -> log.debug("{} FE=> FunctionCall oid {}", statement.session().logPrefix(),
                        statement.functionOid());
            }
        }
        return Decision.allowNow();
    }
}
