package io.sfsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds from Linux's /proc: the whole machine's busy and idle time ({@code /proc/stat}, all cores) and one
 * process's user + system time ({@code /proc/PID/stat}). Where a process's time cannot be read once it has exited
 * (sfsync run --once), {@code /usr/bin/time -f "%U %S" -o FILE} writes it: {@link #timeCommand}.
 */
record CpuTimes(double busy, double idle) {

    /** The clock ticks /proc counts in (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;
    static final Path TIME = Path.of("/usr/bin/time");

    /** True on a machine with /proc/stat and /usr/bin/time (Debian's package time). */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isExecutable(TIME);
    }

    /** The machine's CPU seconds so far, all cores: busy (user, nice, system, irq, softirq, steal) and idle (+ iowait). */
    static CpuTimes machine() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long idle = Long.parseLong(f[4]);
        long iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new CpuTimes((user + nice + system + irq + softirq + steal) / TICKS, (idle + iowait) / TICKS);
    }

    CpuTimes since(CpuTimes before) {
        return new CpuTimes(busy - before.busy, idle - before.idle);
    }

    /** A live process's user + system CPU seconds so far. */
    static double process(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name (field 2) may hold spaces: the fields after it start after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS; // utime, stime: fields 14 and 15
    }

    /** The user + system seconds {@code /usr/bin/time -f "%U %S" -o file} wrote. */
    static double fromTimeFile(Path file) throws IOException {
        String[] lines = Files.readString(file).strip().split("\n");
        String[] f = lines[lines.length - 1].trim().split("\\s+");
        return Double.parseDouble(f[0]) + Double.parseDouble(f[1]);
    }
}
