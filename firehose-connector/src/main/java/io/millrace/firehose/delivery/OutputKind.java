package io.millrace.firehose.delivery;

/** The S3 outputs of a delivery stream; the name also seeds object names so outputs never share a key. */
public enum OutputKind {
    DESTINATION("destination", null),
    BACKUP("backup", null),
    ERROR("error", "processing-failed"),
    /** Records that failed DataFormatConversion: error output of their own type, so of their own objects. */
    CONVERSION_ERROR("conversion-error", "format-conversion-failed");

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
