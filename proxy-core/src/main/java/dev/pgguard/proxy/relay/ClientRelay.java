package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.FrontendType;
import dev.pgguard.proxy.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.CompletionStage;

/**
 * Relays client → upstream after startup. Every frame header is validated (known type, sane length, within
 * the configured maximum) before its body is buffered or forwarded. Query, Parse and FunctionCall frames are
 * buffered whole and handed to the statement inspector; every other body streams through as slices of the
 * buffer it arrived in. Runs of frames that need nothing are forwarded as one write.
 *
 * <p>A refused statement never reaches the upstream. To keep the order of responses exactly as PostgreSQL
 * would produce it (earlier pipelined requests may still be answering), the refusal's ErrorResponse is
 * written just before the upstream's ReadyForQuery that answers a Sync: the client's own Sync in the extended
 * protocol (frames up to it are discarded, as PostgreSQL does after an error), or a Sync pgguard sends in
 * place of a refused simple Query.
 */
final class ClientRelay extends ChannelInboundHandlerAdapter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientRelay.class);

    private final Session session;
    private final long maxMessageSize;
    private final long maxStatementSize;
    /** Read once per session: the per-frame check then costs a field read. */
    private final boolean trace = log.isTraceEnabled();

    /** Bytes kept from the last read: a split frame header, or a statement frame not yet complete. */
    private ByteBuf pending;
    /** Bytes of the current frame body still to stream (or to discard while {@link #refusalAtSync} is set). */
    private long bodyRemaining;
    /**
     * After a refused Parse: its ErrorResponse, delivered once the client's Sync is answered. While it is set,
     * frames are dropped up to that Sync, as PostgreSQL does after an error in the extended protocol.
     */
    private ByteBuf refusalAtSync;
    private boolean awaitingDecision;
    /** A decision that completed late, for the statement frame at the head of {@link #pending}. */
    private Decision decidedLate;
    /** ReadyForQuery messages the upstream owes for what was forwarded (Query, Sync, FunctionCall). */
    private long readyForQueryExpected;

    ClientRelay(Session session, long maxMessageSize, long maxStatementSize) {
        this.session = session;
        this.maxMessageSize = maxMessageSize;
        this.maxStatementSize = maxStatementSize;
    }

    long readyForQueryExpected() {
        return readyForQueryExpected;
    }

    boolean awaitingDecision() {
        return awaitingDecision;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        session.metrics().clientToUpstreamBytes(in.readableBytes());
        if (pending != null) {
            CompositeByteBuf joined = ctx.alloc().compositeBuffer();
            joined.addComponents(true, pending, in);
            pending = null;
            in = joined;
        }
        if (awaitingDecision) {
            // One read() may deliver several buffers; keep them behind the statement being decided.
            pending = in;
            return;
        }
        process(in);
    }

    /** Consumes {@code in} (releases it, or keeps what it cannot finish in {@link #pending}). */
    private void process(ByteBuf in) {
        try {
            relay(in);
            if (in.isReadable()) {
                // A split header (under 5 bytes) is copied, as UpstreamRelay does: a slice would pin the whole
                // read, and every earlier read joined to it, until the next one. A statement frame is kept whole.
                pending = in.readableBytes() < 5 ? in.alloc().buffer(5).writeBytes(in) : in.retainedSlice();
            }
        } catch (ProtocolException e) {
            session.failClient(e.error());
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
                if (refusalAtSync != null) {
                    runStart = in.readerIndex();
                }
                continue;
            }
            int frameStart = in.readerIndex();
            if (in.readableBytes() < 5) {
                break;
            }
            int length = in.getInt(frameStart + 1);
            FrontendType type = validatedType(in.getByte(frameStart), length);
            long bodyLength = length - 4L;
            if (trace) {
                log.trace("{} FE=> {} ({} bytes){}", session.info().logPrefix(), type, bodyLength,
                        refusalAtSync != null ? " discarded after a refusal" : "");
            }
            if (refusalAtSync != null) {
                forward(in, runStart, frameStart);
                if (type == FrontendType.SYNC) {
                    runStart = frameStart;
                    session.injectBeforeReadyForQuery(expectReadyForQuery(), refusalAtSync);
                    refusalAtSync = null;
                } else {
                    runStart = frameStart + 5;
                }
                in.skipBytes(5);
                bodyRemaining = bodyLength;
                continue;
            }
            if (isStatement(type)) {
                if (bodyLength > maxStatementSize) {
                    throw new ProtocolException(ClientErrors.messageTooLarge(
                            "statement message", bodyLength, maxStatementSize, "limits.max_statement_size"));
                }
                if (in.readableBytes() < 5 + bodyLength) {
                    break; // keep it whole in pending until the rest arrives
                }
                Decision decision = decidedLate;
                decidedLate = null;
                if (decision == null) {
                    CompletionStage<Decision> stage = inspect(type, in.slice(frameStart + 5, (int) bodyLength));
                    decision = stage.toCompletableFuture().getNow(null);
                    if (decision == null) {
                        forward(in, runStart, frameStart);
                        awaitDecision(stage);
                        return; // the frame stays in `in`, which becomes pending
                    }
                }
                if (!decision.allowed()) {
                    forward(in, runStart, frameStart);
                    refuse(type, decision);
                    in.skipBytes(5 + (int) bodyLength);
                    runStart = in.readerIndex();
                    continue;
                }
            }
            if (type == FrontendType.QUERY || type == FrontendType.SYNC || type == FrontendType.FUNCTION_CALL) {
                expectReadyForQuery();
            } else if (type == FrontendType.TERMINATE) {
                forward(in, runStart, frameStart + 5);
                in.skipBytes(in.readableBytes());
                session.clientTerminated();
                return;
            }
            in.skipBytes(5);
            bodyRemaining = bodyLength;
        }
        forward(in, runStart, in.readerIndex());
    }

    private FrontendType validatedType(byte code, int length) {
        FrontendType type = FrontendType.of(code);
        if (type == null) {
            throw new ProtocolException(ClientErrors.protocolViolation(
                    "invalid frontend message type " + (code & 0xFF)));
        }
        if (length < 4 || (type.hasEmptyBody() && length != 4)) {
            throw new ProtocolException(ClientErrors.protocolViolation(
                    "invalid message length " + length + " for message type '" + (char) code + "'"));
        }
        if (length - 4L > maxMessageSize) {
            throw new ProtocolException(ClientErrors.messageTooLarge(
                    "message", length - 4L, maxMessageSize, "limits.max_message_size"));
        }
        return type;
    }

    private static boolean isStatement(FrontendType type) {
        return type == FrontendType.QUERY || type == FrontendType.PARSE || type == FrontendType.FUNCTION_CALL;
    }

    private CompletionStage<Decision> inspect(FrontendType type, ByteBuf body) {
        InspectedStatement statement = switch (type) {
            case QUERY -> new InspectedStatement(InspectedStatement.Kind.SIMPLE_QUERY, cString(body), null, 0,
                    session.info());
            case PARSE -> {
                String name = cString(body);
                yield new InspectedStatement(InspectedStatement.Kind.PARSE, cString(body), name, 0, session.info());
            }
            default -> new InspectedStatement(InspectedStatement.Kind.FUNCTION_CALL, "", null,
                    body.readableBytes() >= 4 ? body.getInt(body.readerIndex()) : 0, session.info());
        };
        return session.inspector().inspect(statement);
    }

    private static String cString(ByteBuf body) {
        return CStrings.read(body, "string in message is not NUL-terminated");
    }

    private void refuse(FrontendType type, Decision decision) {
        ByteBuf error = session.refusalMessage(decision);
        if (type == FrontendType.PARSE) {
            refusalAtSync = error;
        } else {
            // A simple Query or FunctionCall answers with ReadyForQuery: stand in for it with a Sync.
            session.writeSyncUpstream();
            session.injectBeforeReadyForQuery(expectReadyForQuery(), error);
        }
    }

    /** Something that the upstream answers with ReadyForQuery went upstream; returns that answer's number. */
    private long expectReadyForQuery() {
        return ++readyForQueryExpected;
    }

    private void awaitDecision(CompletionStage<Decision> stage) {
        awaitingDecision = true;
        session.pauseClient();
        stage.whenComplete((decision, failure) -> session.eventLoop().execute(() -> decided(decision, failure)));
    }

    /**
     * Back on the event loop: the statement frame at the head of {@link #pending} goes through the relay loop
     * again, which applies the decision exactly as if it had been immediate.
     */
    private void decided(Decision decision, Throwable failure) {
        awaitingDecision = false;
        ByteBuf in = pending;
        pending = null;
        if (in == null || !session.isRelaying()) {
            if (in != null) {
                in.release();
            }
            return;
        }
        if (failure != null || decision == null) {
            in.release();
            session.failClient(ClientErrors.internal("statement inspection failed"));
            return;
        }
        decidedLate = decision;
        process(in);
        session.clientBatchDone();
    }

    private void forward(ByteBuf in, int from, int to) {
        if (to > from) {
            session.writeToUpstream(in.retainedSlice(from, to - from));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.clientBatchDone();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.clientWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.clientClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.clientFailed(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (refusalAtSync != null) {
            refusalAtSync.release();
            refusalAtSync = null;
        }
    }
}
