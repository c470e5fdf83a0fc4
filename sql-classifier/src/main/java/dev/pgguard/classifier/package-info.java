/**
 * Statement classification (issue 3): a PostgreSQL-aware lexer plus JSqlParser decide, for every
 * statement an agent sends, allow / hold / deny. Built so far: the lexer ({@link dev.pgguard.classifier.Lexer})
 * and the statement splitter ({@link dev.pgguard.classifier.StatementSplitter}); the rules and verdicts are
 * still to come, and until they land the relay's statement-inspection hook
 * ({@code dev.pgguard.proxy.inspect.StatementInspector}) allows everything. See DESIGN.md section 2.
 */
package dev.pgguard.classifier;
