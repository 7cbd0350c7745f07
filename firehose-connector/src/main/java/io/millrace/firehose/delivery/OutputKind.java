package io.millrace.firehose.delivery;

/** The S3 outputs of a delivery stream; the name also seeds object names so outputs never share a key. */
public enum OutputKind {
    DESTINATION("destination"),
    BACKUP("backup"),
    ERROR("error");

    private final String id;

    OutputKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
