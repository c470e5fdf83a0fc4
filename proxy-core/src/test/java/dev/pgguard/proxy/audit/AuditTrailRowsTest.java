package dev.pgguard.proxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The row count a statement record carries, read from the CommandComplete tag PostgreSQL sends. */
class AuditTrailRowsTest {

    @Test
    void theCountIsTheTagsLastWord() {
        assertEquals(1, AuditTrail.rows("SELECT 1"));
        assertEquals(5, AuditTrail.rows("INSERT 0 5"));
        assertEquals(0, AuditTrail.rows("DELETE 0"));
        assertEquals(123_456_789_012_345_678L, AuditTrail.rows("UPDATE 123456789012345678"));
        assertEquals(42, AuditTrail.rows("COPY 42"));
    }

    @Test
    void aTagWithoutACountHasNone() {
        assertEquals(-1, AuditTrail.rows("BEGIN"));
        assertEquals(-1, AuditTrail.rows("CREATE TABLE"), "a last word that is not a number");
        assertEquals(-1, AuditTrail.rows("SELECT "));
        assertEquals(-1, AuditTrail.rows("COPY 12a"));
        assertEquals(-1, AuditTrail.rows("SELECT -1"));
        assertEquals(-1, AuditTrail.rows("SELECT 1234567890123456789"), "beyond 18 digits: not taken as a count");
    }
}
