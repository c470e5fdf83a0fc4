package dev.pgguard.approval.blast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementShapeTest {

    @Test
    void moreThanOneStatementHasNoShape() {
        assertNull(StatementShape.of("DELETE FROM t; DROP TABLE u"));
        assertNull(StatementShape.of("DELETE FROM t WHERE x = 'unterminated"));
    }

    @Test
    void verbSkipsCommentsAndFoldsCase() {
        assertEquals("delete", StatementShape.of("/* why */ -- note\n DeLeTe FROM t").verb());
        assertEquals("with", StatementShape.of("WITH d AS (DELETE FROM t RETURNING *) SELECT 1").verb());
    }

    @Test
    void dropTargetReadsTwoWordKinds() {
        assertEquals("materialized view", StatementShape.of("DROP MATERIALIZED VIEW m").dropTarget());
        assertEquals("foreign table", StatementShape.of("drop foreign table f").dropTarget());
        assertEquals("table", StatementShape.of("DROP TABLE IF EXISTS t CASCADE").dropTarget());
        assertEquals("", StatementShape.of("DELETE FROM drop").dropTarget());
    }

    @Test
    void droppedNamesAsPostgresReadsThem() {
        assertEquals(List.of("Foo"),
                StatementShape.of("DROP DATABASE IF EXISTS \"Foo\" WITH (FORCE)").droppedNames());
        assertEquals(List.of("app"), StatementShape.of("DROP DATABASE App").droppedNames());
        assertEquals(List.of("a", "B c"), StatementShape.of("DROP SCHEMA a, \"B c\" CASCADE").droppedNames());
        assertEquals(List.of(), StatementShape.of("DROP TABLE t").droppedNames());
    }

    @Test
    void cascadeOnlyAsAKeyWord() {
        assertTrue(StatementShape.of("TRUNCATE t CASCADE").cascades());
        assertFalse(StatementShape.of("DELETE FROM t WHERE note = 'cascade' /* cascade */").cascades());
        assertFalse(StatementShape.of("DROP TABLE \"cascade\"").cascades());
    }

    @Test
    void parametersOnlyOutsideStrings() {
        assertTrue(StatementShape.of("DELETE FROM t WHERE id = $1").hasParameters());
        assertFalse(StatementShape.of("DELETE FROM t WHERE note = '$1'").hasParameters());
        assertFalse(StatementShape.of("DELETE FROM t WHERE note = $q$ $1 $q$").hasParameters());
    }
}
