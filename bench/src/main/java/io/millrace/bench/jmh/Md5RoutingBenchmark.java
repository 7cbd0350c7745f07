package io.millrace.bench.jmh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Routing a record: MD5 of the partition key, as a 128-bit unsigned number, to the shard whose hash-key range
 * holds it. Compares BigInteger (what the Kinesis API's decimal hash keys suggest) with two longs compared
 * unsigned. The convert and search benchmarks start from precomputed digests, so the representation's own cost
 * is not drowned in MD5's; md5Only and the route benchmarks show the whole path. Keys are UTF-8 strings of 16 to 40
 * characters, cycled so the JIT cannot fold them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Md5RoutingBenchmark {

    private static final int KEYS = 1024;

    @Param({"4", "512"})
    public int shards;

    private byte[][] keys;
    private byte[][] digests;
    private MessageDigest md5;
    private BigInteger[] bigStarts;
    private long[] longStarts;
    private int next;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        md5 = MessageDigest.getInstance("MD5");
        SplittableRandom random = new SplittableRandom(42);
        keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            StringBuilder key = new StringBuilder();
            int length = 16 + random.nextInt(25);
            for (int c = 0; c < length; c++) {
                key.append((char) ('a' + random.nextInt(26)));
            }
            keys[i] = key.toString().getBytes(StandardCharsets.UTF_8);
        }
        digests = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            digests[i] = md5.digest(keys[i]);
        }
        bigStarts = HashKeys.startsAsBigIntegers(shards);
        longStarts = HashKeys.startsAsLongs(shards);
    }

    private byte[] nextDigest() {
        byte[] key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return md5.digest(key);
    }

    /** A precomputed digest: isolates the conversion and the search from MD5 itself. */
    private byte[] nextPrecomputed() {
        byte[] digest = digests[next];
        next = (next + 1) & (KEYS - 1);
        return digest;
    }

    @Benchmark
    public byte[] md5Only() {
        return nextDigest();
    }

    @Benchmark
    public BigInteger convertBigInteger() {
        return HashKeys.toBigInteger(nextPrecomputed());
    }

    @Benchmark
    public void convertTwoLongs(Blackhole bh) {
        byte[] digest = nextPrecomputed();
        bh.consume(HashKeys.high(digest));
        bh.consume(HashKeys.low(digest));
    }

    @Benchmark
    public int searchBigInteger() {
        return HashKeys.shardOf(bigStarts, HashKeys.toBigInteger(nextPrecomputed()));
    }

    @Benchmark
    public int searchTwoLongs() {
        byte[] digest = nextPrecomputed();
        return HashKeys.shardOf(longStarts, HashKeys.high(digest), HashKeys.low(digest));
    }

    @Benchmark
    public int routeBigInteger() {
        return HashKeys.shardOf(bigStarts, HashKeys.toBigInteger(nextDigest()));
    }

    @Benchmark
    public int routeTwoLongs() {
        byte[] digest = nextDigest();
        return HashKeys.shardOf(longStarts, HashKeys.high(digest), HashKeys.low(digest));
    }
}
