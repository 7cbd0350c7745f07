package io.millrace.agent.tailing;

/**
 * A point in a tailed file: what a checkpoint holds. The file is found again by its key, or at its path, and only
 * trusted while its head still has the fingerprint.
 *
 * @param path where the file was when this was taken
 * @param key the file's identity (device and inode)
 * @param offset the bytes before it are done with
 */
public record FilePosition(String path, String key, long offset, Fingerprint fingerprint) {}
