package io.millrace.iam.policy;

import java.util.Arrays;

/**
 * An ARN pattern matched as IAM matches Resource and {@code ArnLike}: the partition, service, region and account are
 * matched each on its own (a wildcard there stays within its segment), and the last segment of the pattern against
 * the rest of the ARN, where {@code *} spans {@code /} and {@code :} (IAM User Guide, "IAM JSON policy elements:
 * Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html). So
 * {@code *} alone matches every resource, and {@code arn:aws:kinesis:*:111122223333:stream/*} every stream of the
 * account in any region.
 */
final class ArnPattern {

    private static final int SEGMENTS = 6;

    private final Glob[] segments;

    private ArnPattern(Glob[] segments) {
        this.segments = segments;
    }

    static ArnPattern of(Glob pattern) {
        Glob[] segments = new Glob[SEGMENTS];
        int count = 0;
        int start = 0;
        for (int i = 0; i < pattern.length() && count < SEGMENTS - 1; i++) {
            if (pattern.isLiteral(i, ':')) {
                segments[count++] = pattern.slice(start, i);
                start = i + 1;
            }
        }
        segments[count++] = start == 0 ? pattern : pattern.slice(start, pattern.length());
        return new ArnPattern(Arrays.copyOf(segments, count));
    }

    boolean matches(String arn) {
        int position = 0;
        int last = segments.length - 1;
        for (int i = 0; i < last; i++) {
            int colon = arn.indexOf(':', position);
            if (colon < 0 || !segments[i].matches(arn, position, colon)) {
                return false;
            }
            position = colon + 1;
        }
        return segments[last].matches(arn, position, arn.length());
    }
}
