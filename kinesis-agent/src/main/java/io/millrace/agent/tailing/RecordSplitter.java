package io.millrace.agent.tailing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Cuts the records out of one open file from an offset on: a record is a line with its newline or, under
 * multiLineStartPattern, a line matching the pattern with the lines after it up to the next such line. A record
 * longer than the maximum is cut there, its last bytes the truncated-record terminator (the agent's
 * AbstractRecord.truncate); the rest of it is read past, not sent. A line without its newline yet, or a multi-line
 * record whose next start line is not written yet, waits, unless the file is finished (rotated away).
 */
public final class RecordSplitter {

    /** A record, and the file offset just after it. {@code data} is null for a skipped header line. */
    public record Cut(byte[] data, long end) {}

    private final TrackedFile file;
    private final Pattern multiLineStart;
    private final int maxRecordSize;
    private final byte[] terminator;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();
    private final Capped line;
    private long readPosition;
    private int headerLinesToSkip;

    private Capped pending;
    private long pendingEnd;

    public RecordSplitter(
            TrackedFile file,
            long offset,
            int skipHeaderLines,
            Pattern multiLineStart,
            int maxRecordSize,
            byte[] terminator) {
        this.file = file;
        this.readPosition = offset;
        this.headerLinesToSkip = offset == 0 ? skipHeaderLines : 0;
        this.multiLineStart = multiLineStart;
        this.maxRecordSize = maxRecordSize;
        this.terminator = terminator.clone();
        this.line = new Capped(maxRecordSize + 1);
    }

    /** The next whole record, or null when there is none yet. {@code finished}: no byte will be added to the file. */
    public Cut next(boolean finished) throws IOException {
        while (true) {
            Cut cut = nextLine(finished);
            if (cut == null) {
                if (finished && pending != null) {
                    return takePending();
                }
                return null;
            }
            if (headerLinesToSkip > 0) {
                headerLinesToSkip--;
                return new Cut(null, cut.end());
            }
            if (multiLineStart == null) {
                return new Cut(truncate(cut.data()), cut.end());
            }
            boolean starts = multiLineStart
                    .matcher(new String(cut.data(), StandardCharsets.UTF_8))
                    .find();
            if (starts && pending != null) {
                Cut previous = takePending();
                pending = new Capped(maxRecordSize + 1).append(cut.data());
                pendingEnd = cut.end();
                return previous;
            }
            if (pending == null) {
                pending = new Capped(maxRecordSize + 1);
            }
            pending.append(cut.data());
            pendingEnd = cut.end();
        }
    }

    private Cut takePending() {
        Cut cut = new Cut(truncate(pending.bytes()), pendingEnd);
        pending = null;
        return cut;
    }

    /** Cuts a record to the maximum size, the terminator last, as the agent does. */
    public static byte[] truncate(byte[] data, int maxRecordSize, byte[] terminator) {
        if (data.length <= maxRecordSize) {
            return data;
        }
        byte[] cut = new byte[maxRecordSize];
        int kept = maxRecordSize - terminator.length;
        System.arraycopy(data, 0, cut, 0, kept);
        System.arraycopy(terminator, 0, cut, kept, terminator.length);
        return cut;
    }

    private byte[] truncate(byte[] data) {
        return truncate(data, maxRecordSize, terminator);
    }

    private Cut nextLine(boolean finished) throws IOException {
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                line.append(b);
                if (b == '\n') {
                    return takeLine();
                }
            }
            buffer.clear();
            int read = file.channel().read(buffer, readPosition);
            buffer.flip();
            if (read <= 0) {
                if (finished && line.total() > 0) {
                    return takeLine();
                }
                return null;
            }
            readPosition += read;
        }
    }

    private Cut takeLine() {
        long end = readPosition - buffer.remaining();
        Cut cut = new Cut(line.bytes(), end);
        line.reset();
        return cut;
    }

    /** Bytes kept up to a cap; what goes past it is counted, not kept (it would be cut off anyway). */
    private static final class Capped {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int cap;
        private long total;

        Capped(int cap) {
            this.cap = cap;
        }

        Capped append(byte b) {
            if (bytes.size() < cap) {
                bytes.write(b);
            }
            total++;
            return this;
        }

        Capped append(byte[] data) {
            int room = Math.max(0, cap - bytes.size());
            bytes.write(data, 0, Math.min(room, data.length));
            total += data.length;
            return this;
        }

        long total() {
            return total;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        void reset() {
            bytes.reset();
            total = 0;
        }
    }
}
