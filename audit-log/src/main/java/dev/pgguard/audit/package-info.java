/**
 * The hash-chained audit log (DESIGN.md section 5; audit-log/README.md has the design and the record schema).
 *
 * <p>{@link dev.pgguard.audit.AuditWriter} appends {@link dev.pgguard.audit.AuditRecord}s from any thread through a
 * bounded queue to one writer thread (group commit, fsync by policy, rotation, torn-tail recovery);
 * {@link dev.pgguard.audit.AuditVerifier} checks a log's chain and reports the first break;
 * {@link dev.pgguard.audit.AuditLine} reads one line back. No Netty here.
 */
package dev.pgguard.audit;
