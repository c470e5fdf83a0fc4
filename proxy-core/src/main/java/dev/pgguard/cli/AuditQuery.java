package dev.pgguard.cli;

import dev.pgguard.audit.AuditEvent;
import dev.pgguard.audit.AuditFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code pgguard audit show ID} looks for, fed the log's records in order: a {@code seq}; a session
 * ({@code s:ID}); or a hold ({@code k7p2xq}, or {@code h:ID}): its {@code statement.held}, its decision, and the
 * {@code statement.outcome} with the same session and {@code query} number.
 *
 * <p>Session ids and query numbers start again with every run of pgguard, so the records are taken per run: a
 * run starts at {@code audit.opened}, and a session's records from two runs are two sessions.
 */
final class AuditQuery {

    enum Kind { SEQ, SESSION, HOLD }

    /** A matching record, and the {@code audit.opened} of its run (null: the run began before the files read). */
    record Match(AuditEntry entry, AuditEntry runStart) {
    }

    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    private static final Pattern HOLD_ID = Pattern.compile("[a-z2-9]{6}");

    private final Kind kind;
    private final String value;
    private final List<Match> matches = new ArrayList<>();
    /** run/session/query of the hold's records: its outcome has the same. */
    private final Set<String> holdStatements = new HashSet<>();
    private AuditEntry runStart;
    private int run;

    private AuditQuery(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /** @throws IllegalArgumentException when {@code id} is none of the forms, saying which they are */
    static AuditQuery parse(String id) {
        String s = id.strip();
        if (s.startsWith("s:") && s.length() > 2) {
            return new AuditQuery(Kind.SESSION, s.substring(2));
        }
        if (s.startsWith("h:") && s.length() > 2) {
            return new AuditQuery(Kind.HOLD, s.substring(2));
        }
        if (SEQ.matcher(s).matches() && Long.parseLong(s) > 0) {
            return new AuditQuery(Kind.SEQ, String.valueOf(Long.parseLong(s)));
        }
        if (HOLD_ID.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
            return new AuditQuery(Kind.HOLD, s.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("not a record id: '" + Text.oneLine(id, 70) + "' (give a seq such as 42, "
                + "a session as s:1f, or a hold id such as k7p2xq; a hold id of digits only as h:234567)");
    }

    void offer(AuditEntry e) {
        if (e.event().equals(AuditEvent.AUDIT_OPENED.id())) {
            run++;
            runStart = e;
        }
        switch (kind) {
            case SEQ -> {
                if (String.valueOf(e.seq()).equals(value)) {
                    matches.add(new Match(e, runStart));
                }
            }
            case SESSION -> {
                if (value.equals(e.string(AuditFields.SESSION))) {
                    matches.add(new Match(e, runStart));
                }
            }
            case HOLD -> {
                if (value.equals(e.string(AuditFields.HOLD))) {
                    matches.add(new Match(e, runStart));
                    if (e.string(AuditFields.SESSION) != null && e.number(AuditFields.QUERY) != null) {
                        holdStatements.add(statementKey(e));
                    }
                } else if (e.event().equals(AuditEvent.STATEMENT_OUTCOME.id())
                        && holdStatements.contains(statementKey(e))) {
                    matches.add(new Match(e, runStart));
                }
            }
        }
    }

    List<Match> matches() {
        return matches;
    }

    /** Whether the matches come from more than one run of pgguard (a session id used again). */
    boolean severalRuns() {
        return matches.stream().map(Match::runStart).distinct().count() > 1;
    }

    /** What was not found, for the message on standard error. */
    String nothing() {
        return switch (kind) {
            case SEQ -> "no record with seq " + value;
            case SESSION -> "no records of session " + Text.oneLine(value, 70);
            case HOLD -> "no records of hold " + Text.oneLine(value, 70);
        };
    }

    private String statementKey(AuditEntry e) {
        return run + "/" + e.string(AuditFields.SESSION) + "/" + e.number(AuditFields.QUERY);
    }
}
