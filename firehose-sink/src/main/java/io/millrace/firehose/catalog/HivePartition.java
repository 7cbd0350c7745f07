package io.millrace.firehose.catalog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Hive-style partition an object key lies in: the values of the table's partition keys, read from its
 * {@code name=value} folders as Hive reads a partitioned table's paths (what MSCK REPAIR TABLE and Glue crawlers do),
 * and the partition's Location, {@code s3://bucket/} and the key up to the folder of the last partition key.
 *
 * @param values   one per partition key, in the table's order, unescaped as Hive unescapes path names
 * @param location the folder, ending with {@code /}
 */
public record HivePartition(List<String> values, String location) {

    public HivePartition {
        values = List.copyOf(values);
    }

    /**
     * The partition of object {@code key} in {@code bucket}, when its folders name every one of {@code partitionKeys},
     * in that order (names compared ignoring case: Glue keeps them in lower case); the folders between them and
     * before the first are free (a literal prefix, a time folder).
     */
    public static Optional<HivePartition> of(String bucket, String key, List<String> partitionKeys) {
        if (partitionKeys.isEmpty()) {
            return Optional.empty();
        }
        String[] folders = key.split("/", -1);
        List<String> values = new ArrayList<>();
        int end = 0;
        int next = 0;
        // The last element is the object's name, never a folder.
        for (int i = 0; i < folders.length - 1 && next < partitionKeys.size(); i++) {
            String folder = folders[i];
            end += folder.length() + 1;
            int eq = folder.indexOf('=');
            if (eq > 0 && folder.substring(0, eq).equalsIgnoreCase(partitionKeys.get(next))) {
                values.add(unescape(folder.substring(eq + 1)));
                next++;
                if (next == partitionKeys.size()) {
                    return Optional.of(new HivePartition(values, "s3://" + bucket + "/" + key.substring(0, end)));
                }
            }
        }
        return Optional.empty();
    }

    /** Hive's FileUtils.unescapePathName: {@code %XX} is the byte XX (Hive escapes '/', '=', ':', '%' and others). */
    static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
