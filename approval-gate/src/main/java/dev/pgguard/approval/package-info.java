/**
 * Holds and approvals: a held statement's bytes wait in pgguard until a human approves. The design and the
 * admin API contract are in approval-gate/README.md; DESIGN.md section 3 gives the semantics.
 */
package dev.pgguard.approval;
