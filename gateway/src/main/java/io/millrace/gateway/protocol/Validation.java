package io.millrace.gateway.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects constraint violations of one request and reports them as AWS does:
 * {@code 2 validation errors detected: Value 'a b' at 'streamName' failed to satisfy constraint: Member must
 * satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value null at 'shardIterator' failed to satisfy
 * constraint: Member must not be null}. Paths are the members' names in lower camel case.
 */
public final class Validation {

    private final List<String> errors = new ArrayList<>();

    public Validation required(String path, Object value) {
        if (value == null) {
            fail(path, null, "Member must not be null");
        }
        return this;
    }

    public Validation length(String path, String value, int min, int max) {
        if (value != null) {
            int length = value.length();
            if (length < min) {
                fail(path, value, "Member must have length greater than or equal to " + min);
            } else if (length > max) {
                fail(path, value, "Member must have length less than or equal to " + max);
            }
        }
        return this;
    }

    public Validation pattern(String path, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            fail(path, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    public Validation range(String path, Number value, long min, long max) {
        if (value != null) {
            long v = value.longValue();
            if (v < min) {
                fail(path, value, "Member must have value greater than or equal to " + min);
            } else if (v > max) {
                fail(path, value, "Member must have value less than or equal to " + max);
            }
        }
        return this;
    }

    public Validation blobLength(String path, byte[] value, int max) {
        return value == null ? this : blobSize(path, value.length, max);
    }

    /** A blob of {@code length} bytes; AWS shows the buffer it parsed rather than the bytes. */
    public Validation blobSize(String path, long length, long max) {
        if (length > max) {
            errors.add("Value 'java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]' at '" + path
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    public Validation oneOf(String path, String value, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            fail(path, value, "Member must satisfy enum value set: " + allowed);
        }
        return this;
    }

    public Validation size(String path, int size, int min, int max, Object shown) {
        if (size < min) {
            fail(path, shown, "Member must have length greater than or equal to " + min);
        } else if (size > max) {
            fail(path, shown, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(message());
        }
    }

    String message() {
        int n = errors.size();
        return n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", errors);
    }

    private void fail(String path, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        errors.add("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }
}
