package dev.pgguard.proxy.upstream;

import dev.pgguard.proxy.session.CancelKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * An authenticated upstream connection, ready for queries.
 *
 * @param greeting       the raw ParameterStatus and NoticeResponse frames the upstream sent after
 *                       AuthenticationOk, in order: relayed to the client as they are
 * @param readyForQuery  the upstream's ReadyForQuery frame, relayed last
 * @param key            the upstream backend's real cancel key (never shown to the client)
 */
public record UpstreamConnection(Channel channel, ByteBuf greeting, ByteBuf readyForQuery, CancelKey key) {
}
