package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.protocol.BackendType;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ErrorFields;
import dev.pgguard.proxy.protocol.ProtocolException;
import dev.pgguard.proxy.protocol.ParameterStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayDeque;

/**
 * Relays upstream → client after startup, byte for byte. Only frame headers are read: bodies stream through
 * as slices of the buffer they arrived in, so a 1 GB DataRow or COPY stream never sits in pgguard's memory.
 *
 * <p>What it observes: each ReadyForQuery and its transaction status (the unit of "the upstream is done
 * with a request"), and whether the last frame was an ErrorResponse. A frame header is never split across
 * two writes to the client: a header that straddles two reads is carried to the next one, so pgguard can
 * always insert a message of its own at a frame boundary ({@link #writeAtFrameBoundary}).
 *
 * <p>What it changes: the upstream's ErrorResponse to a stand-in pgguard sent for a refused statement is
 * replaced by the refusal's ({@link #replaceStandInError}); nothing else.
 */
final class UpstreamRelay extends ChannelInboundHandlerAdapter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamRelay.class);

    /**
     * Header (type + length) plus ReadyForQuery's one status byte: what a carry holds, but for a frame that is
     * read whole (see {@link #MAX_DECODED_FRAME}) split across reads, which is carried whole.
     */
    private static final int MAX_CARRY = 6;
    /**
     * The frames read whole (a ParameterStatus the inspector follows, an ErrorResponse that may answer a stand-in)
     * are a few dozen to a few hundred bytes; a longer one (a server reporting some long custom value) streams
     * through undecoded, so the carry stays bounded.
     */
    private static final int MAX_DECODED_FRAME = 8192;

    private final Session session;
    /** Read once per session: the per-frame check then costs a field read. */
    private final boolean trace = log.isTraceEnabled();
    private final ArrayDeque<Replacement> replacements = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> atBoundary = new ArrayDeque<>();
    private ByteBuf carry;
    private long bodyRemaining;
    private long readyForQuerySeen;
    private byte transactionStatus = 'I';
    private byte lastFrameType;

    /**
     * pgguard's error for a refused statement, to replace the upstream's error to its stand-in, which comes (if
     * at all: an earlier error in the same pipeline makes the upstream skip it) before ReadyForQuery {@code target}.
     */
    private record Replacement(long target, ByteBuf error) {
    }

    UpstreamRelay(Session session) {
        this.session = session;
    }

    /** 'I', 'T' or 'E' as of the last ReadyForQuery relayed. */
    byte transactionStatus() {
        return transactionStatus;
    }

    /** True between frames, where pgguard may write a message of its own to the client. */
    boolean atFrameBoundary() {
        return bodyRemaining == 0 && (carry == null || !carry.isReadable());
    }

    long readyForQuerySeen() {
        return readyForQuerySeen;
    }

    boolean lastFrameWasError() {
        return lastFrameType == BackendType.ERROR_RESPONSE.code();
    }

    void replaceStandInError(long target, ByteBuf error) {
        replacements.add(new Replacement(target, error));
    }

    /** Writes {@code message} to the client now if between frames, else just before the next frame starts. */
    void writeAtFrameBoundary(ByteBuf message) {
        if (atFrameBoundary()) {
            session.writeToClient(message);
        } else {
            atBoundary.add(message);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        session.metrics().upstreamToClientBytes(in.readableBytes());
        if (carry != null) {
            CompositeByteBuf joined = ctx.alloc().compositeBuffer(2);
            joined.addComponents(true, carry, in);
            carry = null;
            in = joined;
        }
        try {
            relay(in);
        } finally {
            in.release();
        }
    }

    private void relay(ByteBuf in) {
        int runStart = in.readerIndex();
        while (in.isReadable()) {
            if (bodyRemaining > 0) {
                int n = (int) Math.min(bodyRemaining, in.readableBytes());
                in.skipBytes(n);
                bodyRemaining -= n;
                continue;
            }
            int frameStart = in.readerIndex();
            if (!atBoundary.isEmpty()) {
                forward(in, runStart, frameStart);
                runStart = frameStart;
                writeQueued();
            }
            if (in.readableBytes() < 5) {
                break;
            }
            byte type = in.getByte(frameStart);
            int length = in.getInt(frameStart + 1);
            if (length < 4) {
                forward(in, runStart, frameStart);
                session.upstreamBrokeProtocol("invalid message length " + length + " from the upstream");
                in.skipBytes(in.readableBytes());
                return;
            }
            if (type == BackendType.READY_FOR_QUERY.code()) {
                if (in.readableBytes() < MAX_CARRY) {
                    break;
                }
                readyForQuerySeen++;
                transactionStatus = in.getByte(frameStart + 5);
                session.outcomes().readyForQuery(readyForQuerySeen);
                while (!replacements.isEmpty() && replacements.peek().target() <= readyForQuerySeen) {
                    replacements.poll().error().release(); // the upstream skipped that stand-in: nothing to replace
                }
            }
            if (decodedWhole(type, length)) {
                if (in.readableBytes() < 1 + length) {
                    break; // small: carried whole to the next read, since what it says is read before it is relayed
                }
                ByteBuf body = in.slice(frameStart + 5, length - 4);
                if (type == BackendType.ERROR_RESPONSE.code() && standInAnswerDue()
                        && session.standIns().answersStandIn(body)) {
                    forward(in, runStart, frameStart);
                    session.writeToClient(replacements.poll().error());
                    in.skipBytes(1 + length);
                    runStart = in.readerIndex();
                    lastFrameType = type;
                    continue;
                }
                observe(type, body);
            }
            if (trace) {
                BackendType known = BackendType.of(type);
                log.trace("{} <=BE {} ({} bytes)", session.info().logPrefix(),
                        known != null ? known : "type " + (type & 0xFF), length - 4);
            }
            lastFrameType = type;
            in.skipBytes(5);
            bodyRemaining = length - 4;
        }
        forward(in, runStart, in.readerIndex());
        if (in.isReadable()) {
            carry = in.alloc().buffer(MAX_CARRY).writeBytes(in);
        } else if (bodyRemaining == 0) {
            writeQueued();
        }
    }

    /**
     * The frames whose content pgguard reads (all small, up to {@link #MAX_DECODED_FRAME}): a ParameterStatus for
     * the inspector; while the audit log waits for an outcome, CommandComplete and ErrorResponse; and an
     * ErrorResponse that may answer a stand-in. Everything else streams through unread.
     */
    private boolean decodedWhole(byte type, int length) {
        if (length > MAX_DECODED_FRAME) {
            return false;
        }
        if (type == BackendType.PARAMETER_STATUS.code()) {
            return true;
        }
        boolean outcome = type == BackendType.COMMAND_COMPLETE.code() || type == BackendType.ERROR_RESPONSE.code();
        return outcome && session.outcomes().waiting()
                || type == BackendType.ERROR_RESPONSE.code() && standInAnswerDue();
    }

    /** A stand-in of the request the upstream is answering now awaits its error. */
    private boolean standInAnswerDue() {
        return !replacements.isEmpty() && replacements.peek().target() == readyForQuerySeen + 1;
    }

    private void observe(byte type, ByteBuf body) {
        if (type == BackendType.PARAMETER_STATUS.code()) {
            ParameterStatus.read(body, session.inspector()::serverParameter);
            return;
        }
        if (!session.outcomes().waiting()) {
            return;
        }
        try {
            if (type == BackendType.COMMAND_COMPLETE.code()) {
                session.outcomes().commandComplete(CStrings.read(body, "malformed CommandComplete")); // body is ours
            } else {
                ErrorFields error = ErrorFields.parse(body);
                session.outcomes().error(error.sqlState(), error.message());
            }
        } catch (ProtocolException e) {
            // the client sees the frame as it is; the audit log just has no tag for it
        }
    }

    private void writeQueued() {
        ByteBuf message;
        while ((message = atBoundary.poll()) != null) {
            session.writeToClient(message);
        }
    }

    private void forward(ByteBuf in, int from, int to) {
        if (to > from) {
            session.writeToClient(in.retainedSlice(from, to - from));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.upstreamReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.upstreamWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.upstreamClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.upstreamFailed(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (carry != null) {
            carry.release();
            carry = null;
        }
        Replacement replacement;
        while ((replacement = replacements.poll()) != null) {
            replacement.error().release();
        }
        ByteBuf message;
        while ((message = atBoundary.poll()) != null) {
            message.release();
        }
    }
}
