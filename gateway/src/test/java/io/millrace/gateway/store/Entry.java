package io.millrace.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A test value: a name, an incarnation (or none), a version and some data. */
record Entry(String name, String incarnation, long version, String data) {

    /** Entries under {@code entry/<name>} as "name|incarnation|version|data" in UTF-8; an empty incarnation is none. */
    static final NamedRecordFormat<Entry> FORMAT = new NamedRecordFormat<>(
            "entry/",
            entry -> ByteBuffer.wrap(entry.bytes()),
            Entry::parse,
            Entry::name,
            Entry::version,
            Entry::incarnation);

    static String key(String name) {
        return FORMAT.key(name);
    }

    Entry next(String newData) {
        return new Entry(name, incarnation, version + 1, newData);
    }

    byte[] bytes() {
        return (name + "|" + (incarnation == null ? "" : incarnation) + "|" + version + "|" + data)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Entry parse(ByteBuffer bytes) throws IOException {
        String[] parts = StandardCharsets.UTF_8.decode(bytes).toString().split("\\|", -1);
        try {
            return new Entry(parts[0], parts[1].isEmpty() ? null : parts[1], Long.parseLong(parts[2]), parts[3]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("not an entry", e);
        }
    }
}
