package dev.pgguard.proxy.admin;

import dev.pgguard.classifier.TableScope;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.Units;
import dev.pgguard.proxy.access.Grant;
import dev.pgguard.proxy.access.Grants;
import dev.pgguard.proxy.session.AgentDirectory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /grants}: the live write grants, a new one ({@code pgguard grant NAME write --for 30m}), and revoking
 * one (approval-gate/README.md, "Grants"). The credential and the second factor are checked by the caller
 * ({@link AdminHandler}); a grant is recorded under the name the credential proves.
 */
final class GrantsApi {

    private static final Pattern REVOKE = Pattern.compile("/grants/([a-z0-9]{1,32})/revoke");

    private final Grants grants;
    private final AgentDirectory agents;

    GrantsApi(Grants grants, AgentDirectory agents) {
        this.grants = grants;
        this.agents = agents;
    }

    Answer answer(FullHttpRequest request, String path, Caller caller) {
        HttpMethod method = request.method();
        if (path.equals("/grants")) {
            if (method.equals(HttpMethod.GET)) {
                return new Answer(HttpResponseStatus.OK, GrantJson.grants(grants.live()));
            }
            return method.equals(HttpMethod.POST) ? grant(request.content().toString(StandardCharsets.UTF_8), caller)
                    : Answer.methodNotAllowed();
        }
        Matcher m = REVOKE.matcher(path);
        if (!m.matches()) {
            return Answer.notFound(path);
        }
        if (!method.equals(HttpMethod.POST)) {
            return Answer.methodNotAllowed();
        }
        String id = m.group(1);
        String by;
        try {
            by = caller.decidedBy(FlatJson.fields(request.content().toString(StandardCharsets.UTF_8)).get("approver"));
        } catch (IllegalArgumentException e) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        return grants.revoke(id, by).map(g -> new Answer(HttpResponseStatus.OK, GrantJson.grant(g)))
                .orElse(Answer.error(HttpResponseStatus.NOT_FOUND, "no live grant " + id
                        + " (it expired, was revoked, or never was): pgguard grants lists the live ones"));
    }

    private Answer grant(String body, Caller caller) {
        GrantRequest r;
        Duration duration;
        try {
            r = GrantRequest.parse(body);
            duration = duration(r.duration());
            checkAgent(r.agent());
            checkPatterns(r.tables());
        } catch (IllegalArgumentException e) {
            return Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        Grant g = grants.grant(r.agent(), duration, r.tables(), caller.decidedBy(r.approver()), r.reason());
        return new Answer(HttpResponseStatus.CREATED, GrantJson.grant(g));
    }

    private static Duration duration(String text) {
        Duration d;
        try {
            d = Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"for\" " + e.getMessage());
        }
        if (d.compareTo(Grants.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("\"for\" must be at most 24h, got '" + text + "': write access for "
                    + "longer is a change of the agent's mode in the configuration, for a human to review");
        }
        return d;
    }

    private void checkAgent(String name) {
        Optional<AgentConfig> agent = agents.agent(name);
        if (agent.isEmpty()) {
            throw new IllegalArgumentException("there is no agent '" + name + "' (pgguard agent list shows them)");
        }
        if (agent.get().mode() == AgentMode.READ_WRITE) {
            throw new IllegalArgumentException("agent '" + name + "' is read-write already: a write grant would "
                    + "change nothing");
        }
    }

    /** The patterns as the grant will read them, so that a bad one is refused now rather than never matching. */
    private static void checkPatterns(List<String> tables) {
        try {
            TableScope.of(List.of(), List.of(), tables, List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"tables\": " + e.getMessage());
        }
    }
}
