package io.millrace.console.s3;

import java.time.Instant;

/** An object of a bucket as its listing shows it. */
public record StoredObject(String key, long size, Instant lastModified) {

    /** The last segment of the key: what a download is saved as. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
