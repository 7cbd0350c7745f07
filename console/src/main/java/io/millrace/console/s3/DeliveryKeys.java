package io.millrace.console.s3;

/**
 * Which keys of its bucket are a delivery stream's, as the sink names them ({@code ObjectKeys} of firehose-sink):
 * data under the Prefix, error output under the ErrorOutputPrefix (or, without one, under the Prefix), in a folder
 * named for the error output type ({@code processing-failed}, {@code format-conversion-failed}, ...), and every
 * object named {@code <stream>-<version>-<time>-<uuid>}. A prefix's expressions ({@code !{timestamp:yyyy}},
 * {@code !{partitionKeyFromQuery:k}}) vary, so its fixed start is what is listed.
 */
public record DeliveryKeys(String stream, String dataBase, String errorBase) {

    /** The keys of a delivery stream with this Prefix and ErrorOutputPrefix (empty when not set). */
    public static DeliveryKeys of(String stream, String prefix, String errorOutputPrefix) {
        String data = fixedStart(prefix);
        return new DeliveryKeys(stream, data, errorOutputPrefix.isEmpty() ? data : fixedStart(errorOutputPrefix));
    }

    private static String fixedStart(String prefix) {
        int expression = prefix.indexOf("!{");
        return expression < 0 ? prefix : prefix.substring(0, expression);
    }

    /** A delivered data object of this stream. */
    public boolean isData(String key) {
        return key.startsWith(dataBase) && named(key) && !failedFolder(key.substring(dataBase.length()));
    }

    /** An error-output object of this stream. */
    public boolean isError(String key) {
        return key.startsWith(errorBase) && named(key) && failedFolder(key.substring(errorBase.length()));
    }

    /** What the console serves of the bucket: this stream's objects, nothing else kept there. */
    public boolean isServed(String key) {
        return isData(key) || isError(key);
    }

    private boolean named(String key) {
        return key.substring(key.lastIndexOf('/') + 1).startsWith(stream + "-");
    }

    /** Whether a folder of the key's path (below the base) is an error output type's. */
    private static boolean failedFolder(String rest) {
        String[] segments = rest.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].endsWith("-failed")) {
                return true;
            }
        }
        return false;
    }
}
