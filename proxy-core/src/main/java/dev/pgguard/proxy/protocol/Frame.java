package dev.pgguard.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A typed frame as received, with its body (without type byte and length). Used in the startup and
 * authentication phases, where pgguard reads every frame; the relay phase does not decode frames into
 * objects (see {@code dev.pgguard.proxy.relay}). The holder owns one reference to {@code body}.
 */
public record Frame(byte type, ByteBuf body) implements ReferenceCounted {

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public Frame retain() {
        body.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        body.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }
}
