package io.millrace.bench.workload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class S3DeliveryWatcherTest {

    private static final String STREAM = "millrace-bench-firehose-20261207-043955-";

    @Test
    void takesTheDeliveryStreamsObjectNames() {
        assertTrue(S3DeliveryWatcher.isObjectName(
                STREAM + "1-2026-12-07-04-40-36-6d3dd251-3072-3706-8115-3b4212c404f7", STREAM));
        assertTrue(S3DeliveryWatcher.isObjectName(
                STREAM + "12-2026-12-07-04-40-36-6d3dd251-3072-3706-8115-3b4212c404f7.gz", STREAM));
    }

    @Test
    void leavesOutTheStoresFilesInWritingAndOtherNames() {
        // The embedded store lists a PUT in progress under the key and a UUID of its own.
        assertFalse(S3DeliveryWatcher.isObjectName(
                STREAM + "1-2026-12-07-04-40-36-6d3dd251-3072-3706-8115-3b4212c404f7-"
                        + "4ab93f03-f3d4-4181-850a-5345fdcf25c1",
                STREAM));
        assertFalse(S3DeliveryWatcher.isObjectName(
                "other-1-2026-12-07-04-40-36-6d3dd251-3072-3706-8115-3b4212c404f7", STREAM));
    }

    @Test
    void knowsTheStoresFilesInWritingWhateverTheirPrefix() {
        // poll() reads everything under the prefix, error output included, but not a PUT in progress: its records
        // would be counted again in the object it becomes.
        String object =
                "p/errors/processing-failed/" + STREAM + "1-2026-12-07-04-40-36-6d3dd251-3072-3706-8115-3b4212c404f7";
        assertTrue(S3DeliveryWatcher.isStoreTemporary(object + "-4ab93f03-f3d4-4181-850a-5345fdcf25c1"));
        assertTrue(S3DeliveryWatcher.isStoreTemporary(object + ".gz-4ab93f03-f3d4-4181-850a-5345fdcf25c1"));
        assertFalse(S3DeliveryWatcher.isStoreTemporary(object));
        assertFalse(S3DeliveryWatcher.isStoreTemporary(object + ".gz"));
    }
}
