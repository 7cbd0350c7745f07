package io.millrace.firehose.compression;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.xerial.snappy.SnappyFramedOutputStream;
import org.xerial.snappy.SnappyHadoopCompatibleOutputStream;

/**
 * Firehose's CompressionFormat values (ExtendedS3DestinationConfiguration.CompressionFormat), each a streaming
 * encoder so an object is compressed while it is buffered to disk and never held whole in memory.
 */
public enum Compression {
    UNCOMPRESSED("UNCOMPRESSED", "", null),
    GZIP("GZIP", ".gz", "gzip"),
    ZIP("ZIP", ".zip", "zip"),
    /** AWS's "Snappy" is the snappy framing format (what {@code snappy -c}, Athena and Spark read). */
    SNAPPY("Snappy", ".snappy", "snappy-java"),
    /**
     * Hadoop's block format, readable by Hadoop's SnappyCodec (EMR, Hive). The extension is the one AWS's object
     * name documentation gives (docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html); the Content-Encoding
     * is what tells it from Snappy.
     */
    HADOOP_SNAPPY("HADOOP_SNAPPY", ".hsnappy", "hadoop-snappy");

    private final String awsName;
    private final String defaultExtension;
    private final String contentEncoding;

    Compression(String awsName, String defaultExtension, String contentEncoding) {
        this.awsName = awsName;
        this.defaultExtension = defaultExtension;
        this.contentEncoding = contentEncoding;
    }

    /**
     * The Content-Encoding of objects in this format, as Firehose sets it on the objects it writes; empty when
     * uncompressed. The Content-Type is always {@code application/octet-stream}.
     */
    public Optional<String> contentEncoding() {
        return Optional.ofNullable(contentEncoding);
    }

    /** The spelling AWS uses in the API, e.g. {@code Snappy}. */
    public String awsName() {
        return awsName;
    }

    /** The extension appended to object names when the stream has no FileExtension of its own. */
    public String defaultExtension() {
        return defaultExtension;
    }

    public static Compression fromAwsName(String name) {
        for (Compression c : values()) {
            if (c.awsName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown CompressionFormat " + name + "; one of "
                + Arrays.stream(values()).map(Compression::awsName).toList());
    }

    /**
     * Wraps {@code out}; closing the returned stream finishes the format (trailers, zip directory) and closes
     * {@code out}. {@code entryName} names the single entry of a ZIP archive.
     */
    public OutputStream wrap(OutputStream out, String entryName) throws IOException {
        switch (this) {
            case UNCOMPRESSED:
                return out;
            case GZIP:
                return new GZIPOutputStream(out, 8192);
            case ZIP: {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(entryName));
                return zip;
            }
            case SNAPPY:
                return new SnappyFramedOutputStream(out);
            case HADOOP_SNAPPY:
                return new SnappyHadoopCompatibleOutputStream(out);
            default:
                throw new IllegalStateException(name());
        }
    }
}
