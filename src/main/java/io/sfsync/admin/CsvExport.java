package io.sfsync.admin;

import io.sfsync.status.StepCsv;
import io.sfsync.status.StepFilter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * The CSV downloads of the admin HTTP API ({@code routes/admin/sync-steps-export-api} and
 * {@code sync-step-failed-records-export-api}): the rows are read from the database one at a time into a temporary
 * file, which the server then streams and deletes, so a large export holds no more than a row in memory.
 */
public final class CsvExport {

    private final StepCsv csv;

    public CsvExport(StepCsv csv) {
        this.csv = csv;
    }

    /** Every step the filter matches (its limit and offset ignored), in its order. */
    public InputStream steps(StepFilter filter) throws IOException, SQLException {
        Path file = Files.createTempFile("sfsync-sync-steps-", ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            csv.steps(filter.unpaged(), out);
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    }

    /** The failed records (dead letters) of one step, with their payload. */
    public InputStream failedRecords(long stepId) throws IOException, SQLException {
        Path file = Files.createTempFile("sfsync-failed-records-", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            csv.failedRecords(stepId, out);
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    }
}
