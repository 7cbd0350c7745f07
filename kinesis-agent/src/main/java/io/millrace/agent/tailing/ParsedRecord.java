package io.millrace.agent.tailing;

/**
 * A record cut from a file, and where the file is read up to once it is sent.
 *
 * @param data the record's bytes, with its newline; null for a line that is not sent (a skipped header line)
 */
public record ParsedRecord(byte[] data, FilePosition position) {}
