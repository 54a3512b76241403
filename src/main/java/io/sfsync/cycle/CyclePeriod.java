package io.sfsync.cycle;

import io.sfsync.config.ConfigException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import org.quartz.CronExpression;

/** {@code sfsync.cycle.cron}, checked at start, and the time between two of its cycles. */
public final class CyclePeriod {

    public static final String KEY = "sfsync.cycle.cron";

    private CyclePeriod() {
    }

    /**
     * The time between the next two cycles the cron schedules after {@code from}. A cron with
     * uneven gaps (e.g. weekdays only) gives the gap that comes next, which is what health needs.
     */
    public static Duration of(String cron, Date from) {
        CronExpression expression = parse(cron);
        Date next = expression.getNextValidTimeAfter(from);
        Date after = next == null ? null : expression.getNextValidTimeAfter(next);
        if (after == null) {
            throw new ConfigException("configuration key '" + KEY + "' is '" + cron + "': it schedules no more cycles; "
                    + "for example '0 0/5 * * * ?' runs one every five minutes");
        }
        return Duration.ofMillis(after.getTime() - next.getTime());
    }

    /** A Quartz cron expression, or a message that names the key, shows the value and an example. */
    public static CronExpression parse(String cron) {
        try {
            return new CronExpression(cron);
        } catch (ParseException | RuntimeException e) {
            throw new ConfigException("configuration key '" + KEY + "' is '" + cron + "': not a Quartz cron expression ("
                    + e.getMessage() + "); it has six or seven fields, seconds first, e.g. '0 0/5 * * * ?' for every five "
                    + "minutes (docs/configuration.md)");
        }
    }
}
