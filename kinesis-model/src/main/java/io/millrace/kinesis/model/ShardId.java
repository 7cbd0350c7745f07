package io.millrace.kinesis.model;

/**
 * Shard ids as Kinesis writes them, {@code shardId-} and the index in 12 digits ({@code shardId-000000000003}); the
 * index is the Kafka partition of the stream's topic.
 */
public final class ShardId {

    private static final String PREFIX = "shardId-";
    private static final int DIGITS = 12;

    private ShardId() {}

    public static String format(int index) {
        if (index < 0) {
            return String.format("%s%012d", PREFIX, index);
        }
        // Padded by hand: PutRecords names the shard of every record, and String.format parsed its pattern each
        // time (6% of the CPU of a PutRecords load in a profile). The same text as %012d for any index >= 0.
        String digits = Integer.toString(index);
        StringBuilder id = new StringBuilder(PREFIX.length() + Math.max(DIGITS, digits.length())).append(PREFIX);
        for (int pad = digits.length(); pad < DIGITS; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /**
     * A shard id as Kinesis answers it: a short or zero-padded form a client sent ({@code shardId-5}) becomes
     * {@code shardId-000000000005}; anything that is not a shard id is returned as it is.
     */
    public static String canonical(String shardId) {
        int index = parse(shardId);
        return index < 0 ? shardId : format(index);
    }

    /** The index of a shard id; -1 when it is not {@code shardId-} and at most 12 digits of an int. */
    public static int parse(String shardId) {
        if (shardId == null || !shardId.startsWith(PREFIX) || shardId.length() > PREFIX.length() + DIGITS) {
            return -1;
        }
        String digits = shardId.substring(PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits) > Integer.MAX_VALUE ? -1 : Integer.parseInt(digits);
    }
}
