package io.millrace.bench.report;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code <results>/<UTC timestamp>-<workload>/}: one folder per run, sortable by name. */
public final class ResultsFolder {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ResultsFolder() {}

    public static Path create(Path results, String workload, Instant startedAt) throws IOException {
        Files.createDirectories(results);
        String base = STAMP.format(startedAt) + "-" + workload;
        for (int attempt = 1; ; attempt++) {
            Path dir = results.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // Two runs in the same second: the second gets a suffix rather than overwriting the first.
            }
        }
    }
}
