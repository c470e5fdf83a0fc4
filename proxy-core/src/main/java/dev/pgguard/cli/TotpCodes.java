package dev.pgguard.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Where {@code approve ID}, {@code deny}, {@code grant} and {@code grant revoke} get the approver's TOTP code when
 * the admin API asks for one: {@code --totp CODE}, else a line typed on standard input (the terminal), asked for
 * on standard error so that standard output stays the command's answer. A code is never printed or logged.
 *
 * <p>The first request goes without a code (an approver without TOTP needs none); once the API has said that one
 * is needed, each later decision asks before it is sent. A code decides once: the API refuses it a second time.
 */
final class TotpCodes {

    /** Wrong codes typed for one decision before the command gives up (the API locks the approver after five). */
    static final int ATTEMPTS = 3;

    /** One request to the admin API, with a code or (null) without. */
    @FunctionalInterface
    interface Call<T> {
        T send(String totp) throws AdminException, DecisionRefused, TotpRequired;
    }

    private final String given;
    private final Supplier<BufferedReader> typed;
    private final PrintWriter err;
    private BufferedReader reader;
    private boolean needed;

    /**
     * @param given {@code --totp CODE}, or null
     * @param typed standard input, opened only when a code is to be typed
     * @param err   where the question goes
     */
    TotpCodes(String given, Supplier<BufferedReader> typed, PrintWriter err) {
        this.given = given;
        this.typed = typed;
        this.err = err;
    }

    <T> T send(Call<T> call) throws AdminException, DecisionRefused {
        if (given != null) {
            try {
                return call.send(given);
            } catch (TotpRequired e) {
                throw new AdminException(ExitCodes.NOPERM, e.getMessage());
            }
        }
        String code = needed ? ask("TOTP code for the next decision (each code decides once) > ") : null;
        int refused = 0;
        while (true) {
            try {
                return call.send(code);
            } catch (TotpRequired e) {
                needed = true;
                if (e.refused() && ++refused >= ATTEMPTS) {
                    throw new AdminException(ExitCodes.NOPERM, e.getMessage());
                }
                err.println("pgguard: " + e.getMessage());
                code = ask("TOTP code > ");
            }
        }
    }

    private String ask(String question) throws AdminException {
        err.print(question);
        err.flush();
        String line;
        try {
            if (reader == null) {
                reader = typed.get();
            }
            line = reader.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null || line.isBlank()) {
            if (line == null) {
                err.println();
            }
            throw new AdminException(ExitCodes.NOPERM, "no TOTP code was typed, so nothing was decided (give --totp "
                    + "CODE where nobody can type it)");
        }
        return line.strip();
    }
}
