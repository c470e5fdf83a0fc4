package dev.pgguard.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.UnaryOperator;

/** Who approves, as the admin API records it ({@code "approver"}): {@code user@host}. */
final class Approver {

    private Approver() {
    }

    static String of(UnaryOperator<String> env) {
        return user(env) + "@" + host(env);
    }

    private static String user(UnaryOperator<String> env) {
        String user = env.apply("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
    }

    private static String host(UnaryOperator<String> env) {
        String host = env.apply("HOSTNAME"); // set by some shells and most containers; saves a name lookup
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
