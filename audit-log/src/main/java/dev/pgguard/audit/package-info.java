/**
 * The hash-chained audit log (issue 5, not built yet). See DESIGN.md section 5.
 */
package dev.pgguard.audit;
