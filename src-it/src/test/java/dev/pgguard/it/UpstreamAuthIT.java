package dev.pgguard.it;

import static dev.pgguard.it.support.SqlAssertions.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import dev.pgguard.it.support.UpstreamPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * pgguard logging in upstream with the real credentials from its config: SCRAM-SHA-256, MD5 and cleartext, one
 * pgguard per method; and a wrong upstream password reported to the agent without leaking the credentials.
 */
class UpstreamAuthIT {

    @BeforeAll
    static void rolesReady() {
        String why = UpstreamPostgres.get().authRolesUnavailableReason();
        Assumptions.assumeTrue(why == null, () -> "upstream auth roles unavailable: " + why);
    }

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("scram-sha-256", UpstreamPostgres.SCRAM_USER, UpstreamPostgres.SCRAM_PASSWORD),
                Arguments.of("md5", UpstreamPostgres.MD5_USER, UpstreamPostgres.MD5_PASSWORD),
                Arguments.of("password", UpstreamPostgres.CLEAR_USER, UpstreamPostgres.CLEAR_PASSWORD));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("methods")
    void logsInUpstreamWith(String method, String user, String password) throws Exception {
        assertTheServerReallyAsksForAPassword(user);
        try (PgGuardExtension pgguard = PgGuardExtension.builder().upstreamUser(user, password).build().start();
             Connection c = pgguard.connect()) {
            assertEquals(user, scalar(c, "SELECT current_user"));
            assertEquals("42", scalar(c, "SELECT 40 + 2"));
        }
        // which exchange the upstream asked for: its pg_hba.conf line for the role, and how the password is stored
        // (an md5 line with an MD5 hash sends AuthenticationMD5Password; with a SCRAM verifier it would use SCRAM)
        try (Connection direct = UpstreamPostgres.get().connectDirect()) {
            assertEquals(method, scalar(direct, "SELECT auth_method FROM pg_hba_file_rules WHERE '" + user
                    + "' = ANY(user_name) ORDER BY rule_number LIMIT 1"));
            String stored = scalar(direct, "SELECT left(rolpassword, 3) FROM pg_authid WHERE rolname = '" + user + "'");
            assertEquals(method.equals("md5") ? "md5" : "SCR", stored);
        }
    }

    @Test
    void wrongUpstreamPasswordGivesAFatalThatLeaksNothing() throws Exception {
        String realUser = UpstreamPostgres.SCRAM_USER;
        String wrongPassword = "definitely-Wrong-pw-91";
        try (PgGuardExtension pgguard = PgGuardExtension.builder().upstreamUser(realUser, wrongPassword).build().start()) {
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, pgguard::connect);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "an answer, not a hang: " + took);
            assertEquals("08006", e.getSQLState(), () -> "SQLSTATE of " + e);
            assertTrue(e instanceof PSQLException, () -> "a server error, got " + e);
            ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
            assertNotNull(m, () -> "an ErrorResponse from pgguard, got " + e);
            assertEquals("FATAL", m.getSeverity());
            String everything = String.join("\n", String.valueOf(m.getMessage()), String.valueOf(m.getDetail()),
                    String.valueOf(m.getHint()), e.getMessage());
            assertFalse(everything.contains(realUser), () -> "leaks the upstream user: " + everything);
            assertFalse(everything.contains(wrongPassword), () -> "leaks the configured password: " + everything);
            assertFalse(everything.contains(UpstreamPostgres.SCRAM_PASSWORD), () -> "leaks the real password: " + everything);
            String msg = m.getMessage().toLowerCase(Locale.ROOT);
            assertTrue(msg.contains("pgguard") && msg.contains("upstream")
                            && (msg.contains("log in") || msg.contains("login") || msg.contains("authenticat")),
                    () -> "the message says pgguard could not log in to the upstream database: " + m.getMessage());

            // pgguard itself is fine: the agent credentials were right, and the next try gets the same answer
            SQLException again = assertThrows(SQLException.class, pgguard::connect);
            assertEquals("08006", again.getSQLState());
        }
    }

    /** Guards the tests above against passing for the wrong reason: the upstream really checks this role. */
    private static void assertTheServerReallyAsksForAPassword(String user) {
        UpstreamPostgres pg = UpstreamPostgres.get();
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(pg.directUrl(), user, "not-the-password").close());
        assertEquals("28P01", e.getSQLState(), () -> "the upstream refuses a wrong password for " + user + ": " + e);
    }
}
