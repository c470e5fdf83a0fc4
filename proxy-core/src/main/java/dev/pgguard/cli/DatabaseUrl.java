package dev.pgguard.cli;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.ListenConfig;
import dev.pgguard.config.PgGuardConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code DATABASE_URL} an agent is given: pgguard's listen address, the agent's credentials, and the database
 * that selects its environment. {@code notes} say where the URL may need a human's correction.
 */
record DatabaseUrl(String url, List<String> notes) {

    /** What PostgreSQL itself calls the database every cluster has. */
    static final String DEFAULT_DATABASE = "postgres";

    static DatabaseUrl of(PgGuardConfig config, AgentConfig agent, String password) {
        List<String> notes = new ArrayList<>();
        ListenConfig listen = config.listen();
        String host = listen.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            notes.add("pgguard listens on every interface (listen.host " + host + "): from another machine, put this "
                    + "machine's address in place of 127.0.0.1");
            host = "127.0.0.1";
        }
        if (listen.port() == 0) {
            notes.add("listen.port is 0 (any free port): put the port pgguard serve reports in place of 0");
        }
        String url = "postgresql://" + encode(agent.name()) + ":" + encode(password) + "@"
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + listen.port()
                + "/" + encode(database(config, agent));
        return new DatabaseUrl(url, notes);
    }

    /**
     * The environment's name when the config has environments (an agent picks one by asking for the database of
     * that name): the agent's first, or the only one there is. Otherwise the upstream's database when the config
     * pins one (pgguard opens it whatever the client asks), else {@value #DEFAULT_DATABASE}.
     */
    private static String database(PgGuardConfig config, AgentConfig agent) {
        if (!agent.environments().isEmpty()) {
            return agent.environments().get(0);
        }
        if (!config.environments().isEmpty()) {
            return config.environments().get(0).name(); // an agent names none only when there is one
        }
        return config.upstream().flatMap(u -> u.database()).orElse(DEFAULT_DATABASE);
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, which is safe in the user, password and path. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
