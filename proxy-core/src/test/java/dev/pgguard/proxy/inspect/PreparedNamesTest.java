package dev.pgguard.proxy.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PostgreSQL's rules for the prepared-statement namespace, as the holds and the audit log follow them. */
class PreparedNamesTest {

    private final PreparedNames<String> names = new PreparedNames<>();

    @Test
    void theUnnamedStatementIsReplacedByEveryParse() {
        names.defined("", "DELETE FROM t");
        names.parsing("");
        assertNull(names.get(""), "a Parse drops the unnamed statement before it, even one that then fails");
        names.defined("", "DELETE FROM t");
        names.defined("", "SELECT 1");
        assertEquals("SELECT 1", names.get(""));
    }

    @Test
    void aNamedStatementIsNeverRedefinedOnlyClosed() {
        names.defined("s1", "DELETE FROM t");
        names.parsing("s1");
        names.defined("s1", "SELECT 1");
        assertEquals("DELETE FROM t", names.get("s1"), "the server refuses the redefinition (42P05)");
        names.closed("s1", false);
        assertEquals("DELETE FROM t", names.get("s1"), "a Close the server may skip frees nothing");
        names.closed("s1", true);
        assertNull(names.get("s1"));
        assertTrue(names.isEmpty());
        names.defined("s1", "SELECT 1");
        assertEquals("SELECT 1", names.get("s1"), "once closed, the name is free");
    }
}
