/**
 * Statement classification (issue 3): a PostgreSQL-aware lexer plus JSqlParser decide, for every
 * statement an agent sends, allow / hold / deny. Entry point: {@link dev.pgguard.classifier.Classifier}, one per
 * process, and a {@link dev.pgguard.classifier.ClassifierSession} per client session; the relay calls it through
 * {@code dev.pgguard.proxy.inspect.ClassifyingInspector}. The design, and why it departs from DESIGN.md
 * section 2, is in this module's README.
 */
package dev.pgguard.classifier;
