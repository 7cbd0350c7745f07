package io.millrace.agent.tailing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/**
 * The head of a file: a CRC of its first bytes (up to {@link #SIZE}). With the file's identity (device and inode) it
 * tells the same file apart from one that was truncated and rewritten (copytruncate), or from a new file that got a
 * freed inode, as the agent's TrackedFile does with its head fingerprint.
 */
public record Fingerprint(int length, long crc) {

    public static final int SIZE = 1024;
    public static final Fingerprint EMPTY = new Fingerprint(0, 0);

    /** The fingerprint of the first {@code min(SIZE, size)} bytes of the file. */
    public static Fingerprint of(FileChannel channel) throws IOException {
        int length = (int) Math.min(SIZE, channel.size());
        return of(channel, length);
    }

    /** The CRC of exactly the first {@code length} bytes, or null when the file has fewer. */
    public static Fingerprint of(FileChannel channel, int length) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(length);
        while (head.hasRemaining()) {
            if (channel.read(head, head.position()) < 0) {
                return null;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(head.flip());
        return new Fingerprint(length, crc.getValue());
    }

    /** Whether the file still begins with the bytes this fingerprint was taken of. */
    public boolean matches(FileChannel channel) throws IOException {
        return length == 0 || equals(of(channel, length));
    }
}
