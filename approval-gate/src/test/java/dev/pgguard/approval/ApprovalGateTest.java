package dev.pgguard.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgguard.classifier.Classifier;
import dev.pgguard.classifier.ClassifierLimits;
import dev.pgguard.config.ApprovalsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hold life cycle of approval-gate/README.md: each transition once, timeouts, late approvals, events. */
class ApprovalGateTest {

    private static final Classifier CLASSIFIER = new Classifier(ClassifierLimits.DEFAULT);
    private final List<HoldEvent> events = new CopyOnWriteArrayList<>();
    private ApprovalGate gate = gate(Duration.ofSeconds(30), Duration.ofMinutes(10));

    private ApprovalGate gate(Duration timeout, Duration lateWindow) {
        ApprovalGate g = new ApprovalGate(ApprovalsConfig.DEFAULT.withTimeouts(timeout, timeout).withLateApprovalWindow(lateWindow),
                null, Clock.systemUTC());
        g.subscribe(events::add);
        return g;
    }

    @AfterEach
    void close() {
        gate.close();
    }

    private static HoldRequest request(String sql, String agent) {
        return new HoldRequest(agent, "app", "default", "s1", "127.0.0.1:5000", sql, List.of(), CLASSIFIER.classify(sql), false,
                StatementKey.of(agent, sql, List.of()));
    }

    @Test
    void approvalCompletesTheOutcomeOnceAndIsAnnounced() throws Exception {
        Hold hold = gate.open(request("DROP TABLE users", "claude"));
        assertEquals(List.of(hold), gate.pending());
        assertEquals(6, hold.id().length());
        assertEquals(HoldState.APPROVED, gate.approve(hold.id(), "alice").state());
        assertEquals(HoldState.APPROVED, hold.outcome().toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertEquals("alice", hold.decidedBy());
        HoldException again = assertThrows(HoldException.class, () -> gate.deny(hold.id(), "bob", "late"));
        assertEquals(HoldException.Reason.ALREADY_DECIDED, again.reason());
        assertEquals(List.of(HoldEvent.Type.HELD, HoldEvent.Type.APPROVED), events.stream().map(HoldEvent::type).toList());
        assertTrue(gate.pending().isEmpty());
        assertEquals(hold, gate.find(hold.id()).orElseThrow(), "a decided hold is still found for a while");
    }

    @Test
    void denialNeedsAReasonAndUnknownIdsAreNotFound() throws Exception {
        Hold hold = gate.open(request("TRUNCATE t", "claude"));
        assertThrows(IllegalArgumentException.class, () -> gate.deny(hold.id(), "alice", "  "));
        assertEquals(HoldState.PENDING, hold.state());
        gate.deny(hold.id(), "alice", " not today ");
        assertEquals("not today", hold.reason());
        assertEquals(HoldException.Reason.NOT_FOUND,
                assertThrows(HoldException.class, () -> gate.approve("nosuch", "alice")).reason());
    }

    @Test
    void timeoutThenLateApprovalPreAuthorisesTheIdenticalStatementOnce() throws Exception {
        gate.close();
        gate = gate(Duration.ofMillis(100), Duration.ofMinutes(10));
        HoldRequest r = request("DELETE FROM t", "claude");
        Hold hold = gate.open(r);
        assertEquals(HoldState.TIMED_OUT, hold.outcome().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertFalse(gate.consumePreAuthorisation(r.statementKey()), "a timeout alone authorises nothing");
        Hold late = gate.approve(hold.id(), "alice");
        assertEquals(HoldState.TIMED_OUT, late.state());
        assertNotNull(late.preAuthorisedUntil());
        assertFalse(gate.consumePreAuthorisation(StatementKey.of("other-agent", "DELETE FROM t", List.of())),
                "another agent's identical statement is not covered");
        assertFalse(gate.consumePreAuthorisation(StatementKey.of("claude", "DELETE FROM t ", List.of())),
                "other bytes are not covered");
        assertTrue(gate.consumePreAuthorisation(r.statementKey()));
        assertFalse(gate.consumePreAuthorisation(r.statementKey()), "single use");
        assertThrows(HoldException.class, () -> gate.approve(hold.id(), "alice"), "and only one late approval");
    }

    @Test
    void lateApprovalCanBeTurnedOff() throws Exception {
        gate.close();
        gate = gate(Duration.ofMillis(50), Duration.ZERO);
        Hold hold = gate.open(request("DELETE FROM t", "claude"));
        hold.outcome().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThrows(HoldException.class, () -> gate.approve(hold.id(), "alice"));
    }

    @Test
    void withdrawalBeatsALaterDecision() throws Exception {
        Hold hold = gate.open(request("DROP SCHEMA s CASCADE", "claude"));
        gate.withdraw(hold, "cancelled by the client");
        assertEquals(HoldState.WITHDRAWN, hold.outcome().toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertThrows(HoldException.class, () -> gate.approve(hold.id(), "alice"));
        assertEquals(HoldEvent.Type.WITHDRAWN, events.get(events.size() - 1).type());
    }

    @Test
    void parametersAreBoundIntoTheStatementKey() {
        byte[] one = {'1'};
        assertEquals(StatementKey.of("a", "DELETE FROM t WHERE id = $1", List.of(one)),
                StatementKey.of("a", "DELETE FROM t WHERE id = $1", List.of(new byte[] {'1'})));
        assertFalse(StatementKey.of("a", "x", List.of(one)).equals(StatementKey.of("a", "x", List.of(new byte[] {'2'}))));
        java.util.ArrayList<byte[]> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertFalse(StatementKey.of("a", "x", withNull).equals(StatementKey.of("a", "x", List.of(new byte[0]))),
                "NULL is not the empty string");
    }
}
