/**
 * Holds and approvals (issue 4, not built yet): a held statement's bytes wait in pgguard until a human
 * approves. See DESIGN.md section 3.
 */
package dev.pgguard.approval;
