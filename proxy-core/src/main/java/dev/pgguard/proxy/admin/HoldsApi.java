package dev.pgguard.proxy.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pgguard.approval.ApprovalGate;
import dev.pgguard.approval.Hold;
import dev.pgguard.approval.HoldException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /holds} requests that answer at once: list, get, approve, deny (approval-gate/README.md, "Admin
 * API"). The event stream is {@link HoldEventStream}. Authentication is checked by the caller.
 */
final class HoldsApi {

    private static final Pattern HOLD = Pattern.compile("/holds/([a-z0-9]{1,32})(/approve|/deny)?");

    /** A status and a JSON body. */
    record Answer(HttpResponseStatus status, String json) {
    }

    private final ApprovalGate gate;
    private final Clock clock;

    HoldsApi(ApprovalGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    Answer answer(FullHttpRequest request, String path) {
        if (path.equals("/holds")) {
            return request.method().equals(HttpMethod.GET)
                    ? new Answer(HttpResponseStatus.OK, HoldJson.holds(gate.pending(), clock.instant()))
                    : methodNotAllowed();
        }
        Matcher m = HOLD.matcher(path);
        if (!m.matches()) {
            return error(HttpResponseStatus.NOT_FOUND, "not found: " + path);
        }
        String id = m.group(1);
        String action = m.group(2);
        if (action == null) {
            if (!request.method().equals(HttpMethod.GET)) {
                return methodNotAllowed();
            }
            return gate.find(id).map(h -> new Answer(HttpResponseStatus.OK, HoldJson.hold(h, clock.instant())))
                    .orElse(error(HttpResponseStatus.NOT_FOUND, "no hold " + id));
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return methodNotAllowed();
        }
        Map<String, String> body;
        try {
            body = fields(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, "the body must be a JSON object of strings: " + e.getMessage());
        }
        String approver = body.getOrDefault("approver", "an approver");
        try {
            Hold hold;
            if (action.equals("/approve")) {
                hold = gate.approve(id, approver);
            } else {
                String reason = body.get("reason");
                if (reason == null || reason.isBlank()) {
                    return error(HttpResponseStatus.BAD_REQUEST, "a denial needs a reason: the agent is told it");
                }
                hold = gate.deny(id, approver, reason);
            }
            return new Answer(HttpResponseStatus.OK, HoldJson.hold(hold, clock.instant()));
        } catch (HoldException e) {
            return error(e.reason() == HoldException.Reason.NOT_FOUND ? HttpResponseStatus.NOT_FOUND
                    : HttpResponseStatus.CONFLICT, e.getMessage());
        }
    }

    /** A flat JSON object of string (or null) values; an empty body is an empty object. */
    private static Map<String, String> fields(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (json.isBlank()) {
            return out;
        }
        try (JsonParser p = HoldJson.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("\"" + name + "\" must be a string");
                }
                out.put(name, p.getValueAsString());
            }
        }
        return out;
    }

    private static Answer methodNotAllowed() {
        return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    static Answer error(HttpResponseStatus status, String message) {
        return new Answer(status, HoldJson.error(message));
    }
}
