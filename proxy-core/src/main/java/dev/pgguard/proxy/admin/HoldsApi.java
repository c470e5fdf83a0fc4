package dev.pgguard.proxy.admin;

import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /holds} requests that answer at once: list, get, approve, deny (approval-gate/README.md, "Admin
 * API"). The event stream is {@link HoldEventStream}. The credential and the second factor are checked by the
 * caller ({@link AdminHandler}); the decision is recorded under the name the credential proves.
 */
final class HoldsApi {

    private static final Pattern HOLD = Pattern.compile("/holds/([a-z0-9]{1,32})(/approve|/deny)?");

    private final ApprovalGate gate;
    private final Clock clock;

    HoldsApi(ApprovalGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    Answer answer(FullHttpRequest request, String path, Caller caller) {
        if (path.equals("/holds")) {
            return request.method().equals(HttpMethod.GET)
                    ? new Answer(HttpResponseStatus.OK, HoldJson.holds(gate.pending(), clock.instant()))
                    : Answer.methodNotAllowed();
        }
        Matcher m = HOLD.matcher(path);
        if (!m.matches()) {
            return Answer.notFound(path);
        }
        String id = m.group(1);
        String action = m.group(2);
        if (action == null) {
            if (!request.method().equals(HttpMethod.GET)) {
                return Answer.methodNotAllowed();
            }
            return gate.find(id).map(h -> new Answer(HttpResponseStatus.OK, HoldJson.hold(h, clock.instant())))
                    .orElse(Answer.error(HttpResponseStatus.NOT_FOUND, "no hold " + id));
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return Answer.methodNotAllowed();
        }
        Map<String, String> body;
        try {
            body = FlatJson.fields(request.content().toString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        String approver = caller.decidedBy(body.get("approver"));
        try {
            Hold hold = action.equals("/approve") ? gate.approve(id, approver)
                    : gate.deny(id, approver, body.get("reason"));
            return new Answer(HttpResponseStatus.OK, HoldJson.hold(hold, clock.instant()));
        } catch (IllegalArgumentException e) { // a denial without a reason
            return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (HoldException e) {
            return Answer.error(e.reason() == HoldException.Reason.NOT_FOUND ? HttpResponseStatus.NOT_FOUND
                    : HttpResponseStatus.CONFLICT, e.getMessage());
        }
    }
}
