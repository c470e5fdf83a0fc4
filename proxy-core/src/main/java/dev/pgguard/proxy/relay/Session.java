package dev.pgguard.proxy.relay;

import dev.pgguard.proxy.audit.AuditTrail;
import dev.pgguard.classifier.Classification;
import dev.pgguard.proxy.inspect.Decision;
import dev.pgguard.proxy.inspect.InspectedStatement;
import dev.pgguard.proxy.inspect.SessionHooks;
import dev.pgguard.proxy.inspect.SessionInfo;
import dev.pgguard.proxy.inspect.StatementInspector;
import dev.pgguard.proxy.metrics.ProxyMetrics;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.FrontendMessages;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.protocol.StandIns;
import dev.pgguard.proxy.session.CancelKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One agent session in the relay phase: the client channel and its own upstream channel, on the same event
 * loop, with auto-read off on both. Every method runs on that event loop.
 *
 * <p>Backpressure: a side is read only while the other side can take more. After each read batch the
 * receiving side is flushed; once its outbound buffer passes the high-water mark, the sender's reads stop
 * until the receiver drains below the low mark. So memory per session is bounded by the high-water mark
 * plus one read, whatever the size of the result.
 *
 * <p>States: {@link State#RELAYING} from the moment the handshake hands the pair over, {@link State#CLOSED}
 * once either side is gone or pgguard ended the session; all transitions go through {@link #close}.
 */
public final class Session implements SessionHooks {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private enum State { RELAYING, CLOSED }

    private final Channel client;
    private final Channel upstream;
    private final SessionInfo info;
    private final StatementInspector inspector;
    private final StandIns standIns;
    private final AuditTrail audit;
    private final Outcomes outcomes;
    private final long openedNanos = System.nanoTime();
    private final ProxyMetrics metrics;
    private final CancelKey clientKey;
    private final CancelKey upstreamKey;
    private final Consumer<Session> onClose;
    private final Consumer<CancelKey> canceller;
    private final ClientRelay clientRelay;
    private final UpstreamRelay upstreamRelay;
    private State state = State.RELAYING;

    /**
     * @param clientKey   the BackendKeyData pgguard issued to the client
     * @param upstreamKey the upstream backend's real one, used only to forward a cancel
     * @param inspector   the server's inspector: the session asks it for one of its own
     * @param canceller   sends a CancelRequest for an upstream key on a connection of its own
     */
    public Session(Channel client, Channel upstream, SessionInfo info, StatementInspector inspector,
                   StandIns standIns, AuditTrail audit, ProxyMetrics metrics, CancelKey clientKey,
                   CancelKey upstreamKey,
                   long maxMessageSize, long maxStatementSize, Consumer<CancelKey> canceller,
                   Consumer<Session> onClose) {
        if (client.eventLoop() != upstream.eventLoop()) {
            throw new IllegalArgumentException("client and upstream channels must share an event loop");
        }
        this.client = client;
        this.upstream = upstream;
        this.info = info;
        this.standIns = standIns;
        this.audit = audit;
        this.outcomes = new Outcomes(audit, info);
        this.metrics = metrics;
        this.clientKey = clientKey;
        this.upstreamKey = upstreamKey;
        this.onClose = onClose;
        this.canceller = canceller;
        this.clientRelay = new ClientRelay(this, maxMessageSize, maxStatementSize);
        this.upstreamRelay = new UpstreamRelay(this);
        // last: the session's inspector may keep the session (as its hooks), which is complete by now
        this.inspector = inspector.forSession(info, this);
    }

    /**
     * Installs the relay handlers at the end of both pipelines and starts reading. Bytes a handshake decoder
     * still holds are passed on to the relay when the caller removes that decoder afterwards.
     */
    public void start() {
        client.pipeline().addLast("relay", clientRelay);
        upstream.pipeline().addLast("relay", upstreamRelay);
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }

    public SessionInfo info() {
        return info;
    }

    public CancelKey clientKey() {
        return clientKey;
    }

    /** A setting the server reported in its greeting, for the session's inspector. */
    public void serverParameter(String name, String value) {
        inspector.serverParameter(name, value);
    }

    /**
     * The client's CancelRequest: withdraws a statement waiting for a human (the client then gets 57014, as for
     * a cancelled statement), and cancels whatever the upstream is still running. Safe to call from any thread.
     */
    public void cancel() {
        eventLoop().execute(() -> {
            if (state != State.RELAYING) {
                return;
            }
            // without a hold the cancel goes upstream as it came (what the client would get without pgguard);
            // with one, the held statement is not upstream: only something earlier still running there is
            boolean withdrew = inspector.cancel();
            if (!withdrew || upstreamBusy()) {
                cancelUpstream();
            }
            log.debug("{} cancel request: {}", info.logPrefix(), withdrew ? "hold withdrawn" : "forwarded");
        });
    }

    /**
     * Forwards a cancel for whatever the upstream backend is running, with its real key, on a connection of its
     * own (the session's connection is busy with the statement). Safe to call from any thread.
     */
    void cancelUpstream() {
        canceller.accept(upstreamKey);
    }

    public EventLoop eventLoop() {
        return client.eventLoop();
    }

    public boolean isRelaying() {
        return state == State.RELAYING;
    }

    @Override
    public byte transactionStatus() {
        return upstreamRelay.transactionStatus();
    }

    @Override
    public boolean skippedIfEarlierFails() {
        return clientRelay.extendedSinceSync();
    }

    StatementInspector inspector() {
        return inspector;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    void writeToClient(ByteBuf buf) {
        client.write(buf, client.voidPromise());
    }

    void writeToUpstream(ByteBuf buf) {
        upstream.write(buf, upstream.voidPromise());
    }

    ByteBufAllocator alloc() {
        return upstream.alloc();
    }

    StandIns standIns() {
        return standIns;
    }

    Outcomes outcomes() {
        return outcomes;
    }

    void replaceStandInError(long readyForQueryNumber, ByteBuf error) {
        upstreamRelay.replaceStandInError(readyForQueryNumber, error);
    }

    @Override
    public void allowed(InspectedStatement statement, Classification classification) {
        outcomes.allowed(statement, classification);
    }

    @Override
    public void recordedApart(InspectedStatement statement) {
        outcomes.recordedApart(statement.number());
    }

    @Override
    public void notice(PgError notice) {
        if (state == State.RELAYING) {
            upstreamRelay.writeAtFrameBoundary(notice.toNoticeResponse(client.alloc()));
            client.flush();
        }
    }

    ByteBuf refusalMessage(Decision decision) {
        return decision.error().toErrorResponse(client.alloc());
    }

    // ---- backpressure -------------------------------------------------------------------------------
    //
    // A side's auto-read is switched off the moment the other side stops being writable (or, for the client,
    // while a statement awaits its decision), and back on when that ends. Leaving it on otherwise is
    // deliberate: with auto-read off, every explicit read() on the epoll transport re-arms read interest
    // with an epoll_ctl syscall, two extra syscalls per side per round trip (measured: ~15% CPU/txn).

    /** The client's read batch is done: push it upstream; stop reading the client if the upstream is full. */
    void clientBatchDone() {
        upstream.flush();
        if (state != State.RELAYING) {
            return;
        }
        setAutoRead(client, !clientRelay.awaitingDecision() && upstream.isWritable());
    }

    void upstreamReadComplete() {
        client.flush();
        outcomes.recordAnswered(); // after the flush: the audit log's work is not on the answer's way
        if (state == State.RELAYING && !client.isWritable()) {
            setAutoRead(upstream, false);
        }
    }

    void upstreamWritabilityChanged() {
        if (state == State.RELAYING && upstream.isWritable() && !clientRelay.awaitingDecision()) {
            setAutoRead(client, true);
        }
    }

    void clientWritabilityChanged() {
        if (state == State.RELAYING && client.isWritable()) {
            setAutoRead(upstream, true);
        }
    }

    /** A statement awaits its decision: read nothing more from the client until it is applied. */
    void pauseClient() {
        setAutoRead(client, false);
    }

    /** Runs after every read batch: only a change touches the channel config (its setter is an atomic swap). */
    private static void setAutoRead(Channel channel, boolean autoRead) {
        if (channel.config().isAutoRead() != autoRead) {
            channel.config().setAutoRead(autoRead);
        }
    }

    // ---- endings ------------------------------------------------------------------------------------

    /** The client sent Terminate, which was forwarded: let the upstream see it, then close both. */
    void clientTerminated() {
        log.debug("{} FE=> Terminate", info.logPrefix());
        close(null, false);
    }

    void clientClosed() {
        close(null, true);
    }

    void clientFailed(Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{} client connection error: {}", info.logPrefix(), cause.toString());
        } else {
            log.warn("{} unexpected error on the client side", info.logPrefix(), cause);
        }
        close(null, true);
    }

    /** The client broke the protocol (or pgguard refuses to go on): tell it why, then close both sides. */
    void failClient(PgError error) {
        metrics.error(error.sqlState().equals("08P01") ? "protocol_violation" : "client_error");
        log.info("{} closing session: {} ({})", info.logPrefix(), error.message(), error.sqlState());
        cancelIfBusy();
        close(error, true);
    }

    void upstreamClosed() {
        if (state == State.RELAYING) {
            metrics.error("upstream_lost");
            log.warn("{} the upstream closed the connection", info.logPrefix());
            close(upstreamRelay.lastFrameWasError() ? null : ClientErrors.upstreamLost(), false);
        }
    }

    void upstreamFailed(Throwable cause) {
        log.warn("{} upstream connection error: {}", info.logPrefix(), cause.toString());
        if (state == State.RELAYING) {
            metrics.error("upstream_lost");
            close(ClientErrors.upstreamLost(), false);
        }
    }

    void upstreamBrokeProtocol(String what) {
        log.warn("{} {}", info.logPrefix(), what);
        metrics.error("upstream_protocol");
        close(ClientErrors.upstreamLost(), true);
    }

    /** Ends the session from outside (pgguard shutting down): safe to call from any thread. */
    public void terminate(PgError error) {
        eventLoop().execute(() -> {
            cancelIfBusy();
            close(error, true);
        });
    }

    /** True while the upstream still owes a ReadyForQuery for something it was sent. */
    boolean upstreamBusy() {
        return clientRelay.readyForQueryExpected() > upstreamRelay.readyForQuerySeen();
    }

    /**
     * When pgguard itself ends a session, a statement still running upstream must not go on (and perhaps
     * commit) after the client was told its connection is terminated: PostgreSQL does not notice a closed
     * socket while it executes, so cancel it first. (A client that disconnects on its own gets what it would
     * get without pgguard.)
     */
    private void cancelIfBusy() {
        if (state == State.RELAYING && upstreamBusy()) {
            cancelUpstream();
        }
    }

    /**
     * The one way out of {@link State#RELAYING}. The client gets {@code error} only at a frame boundary (in the
     * middle of a relayed frame it would corrupt the stream; closing says enough there).
     */
    private void close(PgError error, boolean terminateUpstream) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        inspector.sessionClosed();
        outcomes.sessionEnded();
        audit.sessionClosed(info, Duration.ofNanos(System.nanoTime() - openedNanos));
        if (client.isActive()) {
            if (error != null && upstreamRelay.atFrameBoundary()) {
                client.write(error.toErrorResponse(client.alloc()));
            }
            client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        if (upstream.isActive()) {
            if (terminateUpstream) {
                upstream.write(FrontendMessages.terminate(upstream.alloc()));
            }
            upstream.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        onClose.accept(this);
    }
}
