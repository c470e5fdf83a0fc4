package dev.pgguard.proxy.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * An admin API answer that is ready at once: a status, a JSON body, and the headers that tell a client what to
 * do next ({@code WWW-Authenticate}, {@code X-PgGuard-TOTP}).
 */
record Answer(HttpResponseStatus status, String json, Map<String, String> headers) {

    Answer {
        headers = Map.copyOf(headers);
    }

    Answer(HttpResponseStatus status, String json) {
        this(status, json, Map.of());
    }

    static Answer error(HttpResponseStatus status, String message) {
        return new Answer(status, AdminJson.error(message));
    }

    static Answer notFound(String path) {
        return error(HttpResponseStatus.NOT_FOUND, "not found: " + path);
    }

    static Answer methodNotAllowed() {
        return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    Answer withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Answer(status, json, more);
    }
}
