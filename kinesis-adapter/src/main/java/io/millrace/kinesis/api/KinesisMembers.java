package io.millrace.kinesis.api;

import io.millrace.gateway.protocol.MemberType;
import java.util.regex.Pattern;

/** The shapes of the Kinesis model (botocore kinesis/2013-12-02) that several actions' members share. */
final class KinesisMembers {

    /** HashKey: a decimal of at most 39 digits (the range check is the action's). */
    static final Pattern HASH_KEY_DIGITS = Pattern.compile("0|([1-9]\\d{0,38})");
    /** SequenceNumber: a decimal of at most 129 digits. */
    static final Pattern SEQUENCE_DIGITS = Pattern.compile("0|([1-9]\\d{0,128})");

    /** StreamName, as a member other than the stream's own name (ExclusiveStartStreamName). */
    static final MemberType STREAM_NAME = MemberType.text().length(1, 128).pattern(StreamLookup.STREAM_NAME);
    /** ShardId: 1 to 128 characters of the stream name's alphabet. */
    static final MemberType SHARD_ID = MemberType.text().length(1, 128).pattern(StreamLookup.STREAM_NAME);

    static final MemberType HASH_KEY = MemberType.text().pattern(HASH_KEY_DIGITS);
    static final MemberType SEQUENCE_NUMBER = MemberType.text().pattern(SEQUENCE_DIGITS);
    /** NextToken of ListStreams, ListShards and ListStreamConsumers. */
    static final MemberType NEXT_TOKEN = MemberType.text().length(1, 1048576);
    /** Limit of DescribeStream and ListStreams, MaxResults of ListShards. */
    static final MemberType PAGE_LIMIT = MemberType.integer().range(1, 10000);

    private KinesisMembers() {}
}
