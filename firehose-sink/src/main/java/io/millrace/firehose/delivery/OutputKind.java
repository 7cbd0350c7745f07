package io.millrace.firehose.delivery;

/** The S3 outputs of a delivery stream; the name also seeds object names so outputs never share a key. */
public enum OutputKind {
    DESTINATION("destination", null),
    BACKUP("backup", null),
    /** Failed records; each failure type (processing, conversion, partitioning) is buffered in objects of its own. */
    ERROR("error", "processing-failed");

    private final String id;
    private final String errorOutputType;

    OutputKind(String id, String errorOutputType) {
        this.id = id;
        this.errorOutputType = errorOutputType;
    }

    public String id() {
        return id;
    }

    /** The !{firehose:error-output-type} of an error output, or null for data outputs. */
    public String errorOutputType() {
        return errorOutputType;
    }
}
