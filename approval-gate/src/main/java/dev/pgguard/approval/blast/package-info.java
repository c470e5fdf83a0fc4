/**
 * The blast radius of a held message: what running it would touch (rows, bytes, the objects a CASCADE takes
 * along, the size of a dropped database), measured through pgguard's own control connections to the guarded
 * database, read-only and time-boxed. approval-gate/README.md, section "Blast radius", gives the contract and
 * the JSON the admin API shows.
 *
 * <p>{@link dev.pgguard.approval.blast.BlastRadiusProbe} is the entry point; the package-private classes are
 * its parts ({@link dev.pgguard.approval.control.ControlPools} gives the connections): {@code Measurement} (one run, one transaction),
 * {@code StatementShape} (what a statement is), {@code CatalogQueries} and {@code PlanEstimate} (the SQL),
 * {@code Findings} (the figures gathered so far) and {@code Budget} (the time left).
 */
package dev.pgguard.approval.blast;
