package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Agents authenticate to pgguard with pgguard's own SCRAM-SHA-256 credentials, never the upstream's. */
class AgentAuthIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    @Test
    void rightPasswordWorks() throws Exception {
        try (Connection c = pgguard.connect()) {
            assertEquals("42", scalar(c, "SELECT 40 + 2"));
            assertEquals(pgguard.upstreamUser(), scalar(c, "SELECT current_user"),
                    "upstream, the session runs as pgguard's upstream user, not as the agent");
        }
    }

    @Test
    void rightPasswordWorksWithSslPreferToo() throws Exception {
        // pgjdbc's default: it sends SSLRequest first; pgguard without a certificate answers 'N'
        try (Connection c = pgguard.connect("sslmode=prefer")) {
            assertEquals("1", scalar(c, "SELECT 1"));
        }
    }

    @Test
    void wrongPasswordAndUnknownAgentGetTheSameAnswer() {
        ServerErrorMessage wrong = refused(PgGuardExtension.AGENT, "not-the-secret");
        ServerErrorMessage unknown = refused("nobody-here", PgGuardExtension.AGENT_PASSWORD);
        assertEquals("28P01", wrong.getSQLState());
        assertEquals("28P01", unknown.getSQLState());
        assertEquals("FATAL", wrong.getSeverity());
        assertEquals("FATAL", unknown.getSeverity());
        // an unknown agent must not be told apart from a wrong password, except by the name it sent
        assertEquals(wrong.getMessage().replace(PgGuardExtension.AGENT, "<user>"),
                unknown.getMessage().replace("nobody-here", "<user>"));
        assertEquals(wrong.getDetail(), unknown.getDetail());
        assertEquals(wrong.getHint(), unknown.getHint());
        assertFalse(wrong.getMessage().contains("not-the-secret"));
    }

    @Test
    void upstreamCredentialsAreNotAgentCredentials() {
        // the upstream's own superuser name is not an agent of pgguard
        ServerErrorMessage m = refused(pgguard.upstreamUser(), "whatever");
        assertEquals("28P01", m.getSQLState());
    }

    @Test
    void channelBindingRequiredFails() {
        // pgguard offers SCRAM-SHA-256 only, never SCRAM-SHA-256-PLUS, so a client that insists on channel
        // binding cannot log in.
        SQLException e = assertThrows(SQLException.class, () -> pgguard.connect("channelBinding=require").close());
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        assertTrue(text.contains("channel binding") || text.contains("channelbinding") || text.contains("plus"),
                () -> "refused for channel binding: " + e);
    }

    private static ServerErrorMessage refused(String user, String password) {
        SQLException e = assertThrows(SQLException.class, () -> pgguard.connectAs(user, password).close());
        assertTrue(e instanceof PSQLException, () -> "a server error, got " + e);
        ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
        assertNotNull(m, () -> "an ErrorResponse, got " + e);
        return m;
    }
}
