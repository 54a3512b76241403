package io.sfsync.status;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records handled per object and direction over a recent period, in buckets of whole minutes (requirement S9): a
 * step's records (created, updated, deleted, failed, skipped) count in the bucket of its finish time, a running
 * step's in the bucket of now. Only Pull ... and Push ... steps count; buckets start at multiples of their length
 * since the epoch (UTC), and only those with records are listed.
 */
public final class Throughput {

    /** The answer of {@code GET /api/throughput}. */
    public record Report(OffsetDateTime from, OffsetDateTime to, int bucketMinutes, List<Series> series) {
    }

    public record Series(String object, String direction, List<Point> points) {
    }

    /** {@code perMinute}: the bucket's records over its length in minutes, to one decimal. */
    public record Point(OffsetDateTime at, long records, double perMinute) {
    }

    private final StepLog stepLog;
    private final Clock clock;

    public Throughput(StepLog stepLog, Clock clock) {
        this.stepLog = stepLog;
        this.clock = clock;
    }

    /** The last {@code hours} hours in buckets of {@code bucketMinutes}. */
    public Report over(int hours, int bucketMinutes) throws SQLException {
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofHours(hours));
        long bucketMillis = Duration.ofMinutes(bucketMinutes).toMillis();
        // object -> direction -> bucket start (epoch millis) -> records
        Map<String, Map<String, TreeMap<Long, Long>>> counts = new TreeMap<>();
        stepLog.finishedSince(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), step -> {
            String direction = direction(step.operation());
            Instant at = step.finishedAt() == null ? now : step.finishedAt().toInstant();
            if (direction == null || at.isBefore(from) || step.done() == 0) {
                return;
            }
            long bucket = Math.floorDiv(at.toEpochMilli(), bucketMillis) * bucketMillis;
            counts.computeIfAbsent(step.object(), o -> new TreeMap<>())
                    .computeIfAbsent(direction, d -> new TreeMap<>())
                    .merge(bucket, step.done(), Long::sum);
        });
        List<Series> series = new ArrayList<>();
        counts.forEach((object, byDirection) -> byDirection.forEach((direction, buckets) -> {
            List<Point> points = new ArrayList<>();
            buckets.forEach((start, records) -> points.add(new Point(
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC), records,
                    Math.round(records * 10.0 / bucketMinutes) / 10.0)));
            series.add(new Series(object, direction, points));
        }));
        return new Report(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                bucketMinutes, series);
    }

    /** "pull" for Pull ... steps, "push" for Push ... steps, null for the others (Sync Schema, Update FKs). */
    static String direction(String operation) {
        if (operation.startsWith("Pull ")) {
            return "pull";
        }
        return operation.startsWith("Push ") ? "push" : null;
    }
}
