package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.session.CancelKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.Map;

/**
 * An authenticated upstream connection, ready for queries.
 *
 * @param greeting          the raw ParameterStatus and NoticeResponse frames the upstream sent after
 *                          AuthenticationOk, in order: relayed to the client as they are (the holder owns it)
 * @param serverParameters  the same ParameterStatus settings, decoded once, in order
 * @param transactionStatus the status byte of the upstream's first ReadyForQuery
 * @param key               the upstream backend's real cancel key (never shown to the client)
 */
public record UpstreamConnection(Channel channel, ByteBuf greeting, Map<String, String> serverParameters,
                                 byte transactionStatus, CancelKey key) {
}
