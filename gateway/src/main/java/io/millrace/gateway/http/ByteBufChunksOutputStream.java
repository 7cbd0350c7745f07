package io.millrace.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.io.OutputStream;

/**
 * Collects an encoded response body straight into buffers of the channel's allocator, chained in a composite
 * buffer that the socket writes as is. Encoding to a byte array copied a large answer (a GetRecords call carries up
 * to 10 MiB) twice more: from the encoder's growing segments into one array, then from that heap array into a
 * direct buffer for the socket. Chunks start small (most answers are a few hundred bytes) and double up to 1 MiB,
 * so nothing is ever copied to grow.
 */
final class ByteBufChunksOutputStream extends OutputStream {

    private static final int FIRST_CHUNK = 4 * 1024;
    private static final int LARGEST_CHUNK = 1024 * 1024;

    private final ByteBufAllocator alloc;
    private final CompositeByteBuf body;
    private ByteBuf current;
    private int nextChunk = FIRST_CHUNK;

    ByteBufChunksOutputStream(ByteBufAllocator alloc) {
        this.alloc = alloc;
        this.body = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    @Override
    public void write(int b) {
        ensureRoom();
        current.writeByte(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            ensureRoom();
            int n = Math.min(length, current.writableBytes());
            current.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    private void ensureRoom() {
        if (current != null && current.isWritable()) {
            return;
        }
        seal();
        current = alloc.buffer(nextChunk, nextChunk);
        nextChunk = Math.min(LARGEST_CHUNK, nextChunk * 2);
    }

    private void seal() {
        if (current != null) {
            body.addComponent(true, current);
            current = null;
        }
    }

    /** The body written so far; the caller owns it from then on. */
    ByteBuf body() {
        seal();
        return body;
    }

    /** Frees what was written, when encoding failed. */
    void discard() {
        seal();
        body.release();
    }

    @Override
    public void close() {
        // The encoder closes its target when done; the buffers stay until the response is written.
    }
}
