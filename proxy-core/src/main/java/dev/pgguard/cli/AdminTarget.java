package dev.pgguard.cli;

import dev.pgguard.config.Secret;

import java.net.URI;

/**
 * Which admin API to talk to and with which approver token.
 *
 * @param url         the API's base, without a trailing slash ({@code http://127.0.0.1:6433})
 * @param tokenSource where the token came from, for messages (never the token itself)
 */
record AdminTarget(URI url, Secret token, String tokenSource) {
}
