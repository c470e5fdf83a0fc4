package dev.pgguard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.it.support.PgGuardExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** LISTEN on one session through pgguard, NOTIFY on another: the NotificationResponse arrives unprompted. */
class ListenNotifyIT {

    @RegisterExtension
    static final PgGuardExtension pgguard = PgGuardExtension.builder().build();

    @Test
    void notificationReachesTheListener() throws Exception {
        try (Connection listener = pgguard.connect(); Connection notifier = pgguard.connect()) {
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN it_channel");
            }
            try (Statement st = notifier.createStatement()) {
                st.execute("NOTIFY it_channel, 'hello through pgguard'");
            }
            try (PreparedStatement ps = notifier.prepareStatement("SELECT pg_notify('it_channel', ?)")) {
                ps.setString(1, "second é \"payload\"");
                ps.execute();
            }

            // getNotifications(timeout) blocks on the socket: the notification must be pushed, not polled out.
            List<PGNotification> got = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got.size() < 2 && System.nanoTime() < deadline) {
                PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(1000);
                if (batch != null) {
                    got.addAll(List.of(batch));
                }
            }
            assertEquals(2, got.size(), () -> "notifications: " + got);
            assertEquals("it_channel", got.get(0).getName());
            assertEquals("hello through pgguard", got.get(0).getParameter());
            assertEquals("it_channel", got.get(1).getName());
            assertEquals("second é \"payload\"", got.get(1).getParameter());
            for (PGNotification n : got) {
                assertNotEquals(0, n.getPID(), "the notifying backend's PID, as pgguard reports it");
                assertEquals(got.get(0).getPID(), n.getPID(), "both came from the same session");
            }

            // UNLISTEN: nothing more arrives
            try (Statement st = listener.createStatement()) {
                st.execute("UNLISTEN it_channel");
            }
            try (Statement st = notifier.createStatement()) {
                st.execute("NOTIFY it_channel, 'not delivered'");
            }
            PGNotification[] late = listener.unwrap(PGConnection.class).getNotifications(500);
            assertTrue(late == null || late.length == 0, "no notification after UNLISTEN");
        }
    }

    @Test
    void notificationsQueuedInsideATransactionArriveOnCommit() throws Exception {
        try (Connection listener = pgguard.connect(); Connection notifier = pgguard.connect()) {
            try (Statement st = listener.createStatement()) {
                st.execute("LISTEN it_tx_channel");
            }
            notifier.setAutoCommit(false);
            try (Statement st = notifier.createStatement()) {
                st.execute("NOTIFY it_tx_channel, 'after commit'");
            }
            PGNotification[] before = listener.unwrap(PGConnection.class).getNotifications(300);
            assertTrue(before == null || before.length == 0, "nothing before COMMIT");
            notifier.commit();
            PGNotification[] after = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertNotNull(after);
            assertEquals(1, after.length);
            assertEquals("after commit", after[0].getParameter());
        }
    }
}
