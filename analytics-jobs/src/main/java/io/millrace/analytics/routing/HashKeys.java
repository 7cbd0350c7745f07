package io.millrace.analytics.routing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The Kinesis hash key of a record: MD5 of the UTF-8 partition key read as an unsigned 128-bit integer. */
public final class HashKeys {

  /** 2^128 - 1, the end of the hash key space. */
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private HashKeys() {}

  public static BigInteger of(String partitionKey) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
      return new BigInteger(1, digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }
}
