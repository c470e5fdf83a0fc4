/**
 * Statement classification (issue 3, not built yet): a PostgreSQL-aware lexer plus JSqlParser decide,
 * for every statement an agent sends, allow / hold / deny. Until it lands, the relay's statement-inspection
 * hook ({@code dev.pgguard.proxy.inspect.StatementInspector}) allows everything. See DESIGN.md section 2.
 */
package dev.pgguard.classifier;
