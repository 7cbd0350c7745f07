package io.millrace.iam.sts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The packed size of session policies, which STS reports as AssumeRole's {@code PackedPolicySize} (a percentage of
 * the allotted space) and refuses past 100% with PackedPolicyTooLarge. AWS's packing is its own; here it is the
 * DEFLATE-compressed size of the policy document and the policy ARNs against an allotment of 2,048 bytes, so that,
 * as on AWS, the percentage grows with what the policies hold and a policy within the 2,048-character limit usually
 * fits while ten long ARNs of random names do not.
 */
final class PackedPolicies {

    /** The bytes the packed session policies may take. */
    static final int ALLOTTED_BYTES = 2048;

    private PackedPolicies() {}

    /** The packed size in percent of the allotment, rounded up (1 for any policy at all). */
    static int percent(String document, List<String> policyArns) {
        StringBuilder packed = new StringBuilder(document == null ? "" : document);
        policyArns.forEach(arn -> packed.append('\n').append(arn));
        int bytes = deflatedSize(packed.toString().getBytes(StandardCharsets.UTF_8));
        return Math.max(1, (int) Math.ceil(bytes * 100.0 / ALLOTTED_BYTES));
    }

    private static int deflatedSize(byte[] input) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.size();
        } finally {
            deflater.end();
        }
    }
}
