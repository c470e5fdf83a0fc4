package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.protocol.BindMessage;
import dev.pgguard.proxy.protocol.CStrings;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.FrontendType;
import dev.pgguard.proxy.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Relays client → upstream after startup. Every frame header is validated (known type, sane length, within
 * the configured maximum) before its body is buffered or forwarded. Query, Parse and FunctionCall frames are
 * buffered whole and handed to the statement inspector, and Bind and Close frames too while the inspector asks
 * for them (a held prepared statement exists); every other body streams through as slices of the buffer it
 * arrived in. Runs of frames that need nothing are forwarded as one write.
 *
 * <p>A refused statement never reaches the upstream: a stand-in that fails at once goes in its place
 * ({@link StandIns}), and the upstream's error to it is replaced by pgguard's (see {@link UpstreamRelay}). So
 * responses keep PostgreSQL's order, and the upstream's transaction state is the one a failed statement
 * leaves. After a refused Parse or Bind, frames are dropped up to the client's Sync, which is forwarded, as
 * PostgreSQL skips messages after an error in the extended protocol.
 */
final class ClientRelay extends ChannelInboundHandlerAdapter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClientRelay.class);

    /**
     * How far into a Bind or Close the relay looks for the portal and statement names it records: PostgreSQL
     * keys both by their first 63 bytes, so names that run longer are malformed input, not a reason to buffer a
     * frame that may carry megabytes of parameters.
     */
    private static final int NAMES_MAX = 8 * 1024;

    private final Session session;
    private final long maxMessageSize;
    private final long maxStatementSize;
    /** Read once per session: the per-frame check then costs a field read. */
    private final boolean trace = log.isTraceEnabled();

    /** Bytes kept from the last read: a split frame header, or a statement frame not yet complete. */
    private ByteBuf pending;
    /** Bytes of the current frame body still to stream (or to discard while {@link #discardingUntilSync}). */
    private long bodyRemaining;
    /** After a refused Parse or Bind: frames are dropped up to the client's Sync, as PostgreSQL does after an error. */
    private boolean discardingUntilSync;
    private boolean awaitingDecision;
    /** A decision that completed late, for the statement frame at the head of {@link #pending}. */
    private Decision decidedLate;
    /** ReadyForQuery messages the upstream owes for what was forwarded (Query, Sync, FunctionCall). */
    private long readyForQueryExpected;
    /** Frames handed to the inspector so far: the number of the latest is the one being decided. */
    private long inspected;
    /**
     * A Parse, Bind, Execute or Describe went upstream since the last Sync: if it fails, PostgreSQL discards what
     * follows up to the Sync, so a Close sent now may never happen.
     */
    private boolean extendedSinceSync;

    ClientRelay(Session session, long maxMessageSize, long maxStatementSize) {
        this.session = session;
        this.maxMessageSize = maxMessageSize;
        this.maxStatementSize = maxStatementSize;
    }

    long readyForQueryExpected() {
        return readyForQueryExpected;
    }

    boolean extendedSinceSync() {
        return extendedSinceSync;
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
                if (discardingUntilSync) {
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
                        discardingUntilSync ? " discarded after a refusal" : "");
            }
            if (discardingUntilSync) {
                forward(in, runStart, frameStart);
                if (type == FrontendType.SYNC) {
                    runStart = frameStart; // the Sync itself goes upstream: it ends the failed batch there too
                    discardingUntilSync = false;
                    extendedSinceSync = false;
                    expectReadyForQuery();
                } else {
                    runStart = frameStart + 5;
                }
                in.skipBytes(5);
                bodyRemaining = bodyLength;
                continue;
            }
            if (isStatement(type) || (inspectedWhileHeld(type) && session.inspector().inspectsBinds())) {
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
                    CompletionStage<Decision> stage = inspect(type, in, frameStart, (int) bodyLength);
                    decision = stage.toCompletableFuture().getNow(null);
                    if (decision == null) {
                        forward(in, runStart, frameStart);
                        awaitDecision(stage);
                        return; // the frame stays in `in`, which becomes pending
                    }
                }
                if (!decision.allowed()) {
                    forward(in, runStart, frameStart);
                    refuse(type, decision, in.slice(frameStart + 5, (int) bodyLength));
                    in.skipBytes(5 + (int) bodyLength);
                    runStart = in.readerIndex();
                    continue;
                }
                if (type != FrontendType.CLOSE) {
                    session.outcomes().forwarded(inspected);
                }
            } else if ((type == FrontendType.BIND || type == FrontendType.CLOSE)
                    && session.outcomes().recordsExecutions()
                    && !noteExecution(type, in, frameStart + 5, frameStart + 5 + bodyLength)) {
                break; // the names at the start of the body have not all arrived: wait for them
            }
            if (type == FrontendType.SYNC) {
                extendedSinceSync = false;
            } else if (type.mayFailInBatch()) {
                extendedSinceSync = true;
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

    /**
     * The Bind of statement {@code name} if it is the frame at {@code offset} and already read whole, else null:
     * drivers send Parse and its first Bind together, so a held Parse can be shown, and approved, with the
     * parameters it would run with. Looking costs nothing when it is not there.
     */
    private static BindMessage followingBind(ByteBuf in, int offset, String name) {
        if (in.writerIndex() - offset < 5 || in.getByte(offset) != FrontendType.BIND.code()) {
            return null;
        }
        int length = in.getInt(offset + 1);
        if (length < 4 || in.writerIndex() - offset - 1 < length) {
            return null;
        }
        try {
            BindMessage bind = BindMessage.decode(in.slice(offset + 5, length - 4));
            return bind.statement().equals(name) ? bind : null;
        } catch (ProtocolException e) {
            return null; // its own turn will report it
        }
    }

    /**
     * For the audit log, a Bind or Close not inspected (no statement is held): which prepared statement it runs or
     * forgets, read from the names at the start of its body without waiting for the rest (a Bind may carry
     * megabytes of parameters). False when the names are not all readable yet; a malformed body is PostgreSQL's
     * to refuse.
     */
    private boolean noteExecution(FrontendType type, ByteBuf in, int bodyStart, long bodyEnd) {
        long lookEnd = Math.min(bodyEnd, bodyStart + NAMES_MAX);
        int end = (int) Math.min(in.writerIndex(), lookEnd);
        boolean whole = end == lookEnd; // all of what is looked at has arrived
        int at = bodyStart;
        if (type == FrontendType.CLOSE) {
            if (at == end) {
                return whole;
            }
            if (in.getByte(at++) != 'S') {
                return true; // a portal: nothing prepared is forgotten
            }
        }
        int nul = in.indexOf(at, end, (byte) 0);
        if (nul < 0) {
            return namesUnterminated(type, whole, lookEnd < bodyEnd);
        }
        String first = in.toString(at, nul - at, StandardCharsets.UTF_8);
        if (type == FrontendType.CLOSE) {
            session.outcomes().forgotten(first, !extendedSinceSync);
            return true;
        }
        int statementEnd = in.indexOf(nul + 1, end, (byte) 0);
        if (statementEnd < 0) {
            return namesUnterminated(type, whole, lookEnd < bodyEnd);
        }
        session.outcomes().bound(first, in.toString(nul + 1, statementEnd - nul - 1, StandardCharsets.UTF_8),
                ++inspected);
        session.outcomes().forwarded(inspected);
        return true;
    }

    /**
     * No NUL where the names should end: wait for more (false), leave a malformed short frame to PostgreSQL
     * (true), or refuse names longer than anything PostgreSQL keys on rather than buffer the frame for them.
     */
    private static boolean namesUnterminated(FrontendType type, boolean whole, boolean frameGoesOn) {
        if (whole && frameGoesOn) {
            throw new ProtocolException(ClientErrors.protocolViolation("the names in a "
                    + (type == FrontendType.BIND ? "Bind" : "Close") + " message do not end within its first "
                    + NAMES_MAX / 1024 + " kB (PostgreSQL keys prepared statements and portals by their first 63 bytes)"));
        }
        return whole;
    }

    /** Bind, and Close of a prepared statement: what executes a held statement, or forgets it. */
    private static boolean inspectedWhileHeld(FrontendType type) {
        return type == FrontendType.BIND || type == FrontendType.CLOSE;
    }

    private CompletionStage<Decision> inspect(FrontendType type, ByteBuf in, int frameStart, int bodyLength) {
        ByteBuf body = in.slice(frameStart + 5, bodyLength);
        InspectedStatement statement = switch (type) {
            case QUERY -> InspectedStatement.query(++inspected, cString(body), session.info());
            case PARSE -> {
                String name = cString(body);
                session.outcomes().parsing(name);
                yield InspectedStatement.parse(++inspected, name, cString(body),
                        followingBind(in, frameStart + 5 + bodyLength, name), session.info());
            }
            case BIND -> {
                BindMessage bind = BindMessage.decode(body);
                session.outcomes().bound(bind.portal(), bind.statement(), ++inspected);
                yield InspectedStatement.bind(inspected, bind, session.info());
            }
            case CLOSE -> {
                if (!body.isReadable() || body.readByte() != 'S') {
                    yield null; // a portal: nothing to do with holds
                }
                String name = cString(body);
                session.outcomes().forgotten(name, !extendedSinceSync);
                yield InspectedStatement.closeStatement(++inspected, name, session.info());
            }
            default -> InspectedStatement.functionCall(++inspected,
                    body.readableBytes() >= 4 ? body.getInt(body.readerIndex()) : 0, session.info());
        };
        return statement == null ? Decision.allowNow() : session.inspector().inspect(statement);
    }

    private static String cString(ByteBuf body) {
        return CStrings.read(body, "string in message is not NUL-terminated");
    }

    /**
     * Sends the stand-in for a refused frame and arranges for its error to be replaced by the refusal's. A Query
     * or FunctionCall stand-in is answered by ReadyForQuery on its own; a Parse or Bind one by the client's Sync.
     */
    private void refuse(FrontendType type, Decision decision, ByteBuf body) {
        ByteBuf error = session.refusalMessage(decision);
        switch (type) {
            case PARSE, BIND -> {
                // both bodies start with the name the stand-in reuses: the statement's, or the portal's
                String name = cString(body.duplicate());
                session.writeToUpstream(type == FrontendType.PARSE ? session.standIns().parse(session.alloc(), name)
                        : session.standIns().bind(session.alloc(), name));
                session.replaceStandInError(readyForQueryExpected + 1, error);
                discardingUntilSync = true;
            }
            default -> {
                session.writeToUpstream(session.standIns().query(session.alloc()));
                session.replaceStandInError(expectReadyForQuery(), error);
            }
        }
    }

    /** Something that the upstream answers with ReadyForQuery went upstream; returns that answer's number. */
    private long expectReadyForQuery() {
        session.outcomes().requestSent(++readyForQueryExpected);
        return readyForQueryExpected;
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
    }
}
