package io.millrace.lambda.invoke;

/**
 * This gateway's part of a concurrency the live gateways share, so that a function's reserved concurrency (and the
 * account's unreserved rest) holds across them: each of N gateways takes a deterministic share of a limit R, the
 * shares summing to R ({@link #share}).
 */
@FunctionalInterface
public interface ConcurrencyShares {

    /** A gateway alone: the whole of every limit. */
    ConcurrencyShares ALONE = (limit, key) -> limit;

    /** This gateway's share of {@code limit}, for the function (or pool) named {@code key}. */
    int shareOf(int limit, String key);

    /**
     * The share of {@code limit} of the gateway at {@code index} of {@code members} (sorted by member id): R / N
     * each, and one more for R mod N of them. Which ones get the remainder rotates with {@code key}'s hash, so that
     * functions reserved to 1 do not all run on the same gateway.
     */
    static int share(int limit, String key, int index, int members) {
        if (members <= 1) {
            return limit;
        }
        int position = Math.floorMod(index - Math.floorMod(key.hashCode(), members), members);
        return limit / members + (position < limit % members ? 1 : 0);
    }
}
