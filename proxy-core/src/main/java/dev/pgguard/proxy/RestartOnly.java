package dev.pgguard.proxy;

import dev.pgguard.config.PgGuardConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sections a reload cannot apply to a running pgguard: sockets already bound (listen, admin, tls), the
 * upstream its sessions are connected to, limits and settings its components were built with. A reload names
 * the ones that differ; they take effect at the next start.
 */
final class RestartOnly {

    private static final List<Section> SECTIONS = List.of(
            new Section("listen", PgGuardConfig::listen), new Section("tls", PgGuardConfig::tls),
            new Section("admin", PgGuardConfig::admin), new Section("upstream", PgGuardConfig::upstream),
            new Section("environments", PgGuardConfig::environments),
            new Section("limits", PgGuardConfig::limits), new Section("shutdown", PgGuardConfig::shutdown),
            new Section("classifier", PgGuardConfig::classifier), new Section("approvals", PgGuardConfig::approvals),
            new Section("audit", PgGuardConfig::audit));

    private record Section(String name, Function<PgGuardConfig, Object> value) {
    }

    private RestartOnly() {
    }

    static List<String> changed(PgGuardConfig running, PgGuardConfig next) {
        List<String> changed = new ArrayList<>();
        for (Section s : SECTIONS) {
            if (!Objects.equals(s.value().apply(running), s.value().apply(next))) {
                changed.add(s.name());
            }
        }
        return changed;
    }
}
