package dev.pgguard.cli;

import dev.pgguard.audit.AuditFiles;
import dev.pgguard.audit.AuditSettings;
import dev.pgguard.config.ConfigException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the audit commands find the log: {@code --dir}, else the configuration's {@code audit.directory} (the one
 * {@code serve} writes to), else {@code ~/.pgguard/audit}. The configuration is read only without {@code --dir},
 * so that a log copied elsewhere can be read without the config file (or the secrets it refers to).
 */
final class AuditLogOptions {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "the audit log's directory (default: the config file's audit.directory, "
                    + "else ~/.pgguard/audit)")
    Path dir;

    @Mixin
    ConfigFile configFile = new ConfigFile();

    Path directory() throws ConfigException {
        if (dir != null) {
            return dir;
        }
        return configFile.load().audit().directory().orElse(AuditSettings.DEFAULTS.directory());
    }

    /** The log's files: the live {@code audit.jsonl} and the rotated {@code audit-<stamp>.jsonl}. */
    AuditFiles files() throws ConfigException {
        return new AuditFiles(directory(), AuditSettings.DEFAULTS.fileName());
    }
}
