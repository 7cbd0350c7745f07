package io.millrace.firehose.conversion;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a finished buffer file into the file an object is written from. Records are buffered as they arrive;
 * columnar formats need them all at once, so the conversion to Parquet or ORC happens here, when the object is
 * sealed, reading the buffer from disk and writing the result to disk: memory stays bounded whatever the size.
 */
public interface ObjectEncoder {

    /**
     * @param buffer the sealed buffer (the rows as Avro binary, one after the other)
     * @param directory where to write the encoded file
     * @return the encoded file; the caller deletes it once written
     */
    Path encode(Path buffer, Path directory) throws IOException;
}
