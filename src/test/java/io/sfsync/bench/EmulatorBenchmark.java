package io.sfsync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorHttp;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.EmulatorServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Speed and size of the Salesforce emulator: (a) records per second through query/queryMore pages of 2,000 over
 * HTTP for 200,000 Leads with 26 fields, read by three clients (the JDK's HttpURLConnection and HttpClient with
 * Jackson's streaming parser, and camel-salesforce), and as bytes only; (b) heap used after seeding 1,000,000 Leads. Not a test: run with {@code mvn -B -Pbench-emulator test}; it prints the
 * figures and writes them into docs/benchmarks.md.
 */
public class EmulatorBenchmark {

    static final int QUERY_LEADS = 200_000;
    static final int HEAP_LEADS = 1_000_000;
    static final String FIELDS = "Id, IsDeleted, LastName, FirstName, Salutation, Name, Title, Company, Street, City, State,"
            + " PostalCode, Country, Phone, MobilePhone, Email, Website, LeadSource, Status, Industry, AnnualRevenue,"
            + " NumberOfEmployees, OwnerId, HasOptedOutOfEmail, CreatedDate, SystemModstamp";
    static final String SOQL = "SELECT " + FIELDS + " FROM Lead";
    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void run() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        StringBuilder report = new StringBuilder();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Rate drain;
        Rate parsed;
        Rate jdkClient;
        Rate camel;
        try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(QUERY_LEADS, 0))) {
            drain = measure("drain", () -> urlConnection(server, false));
            parsed = measure("parse", () -> urlConnection(server, true));
            jdkClient = measure("HttpClient", () -> rawHttp(server));
            camel = measure("camel-salesforce", () -> camel(server));
        }
        long[] heap = heapAfterSeeding();
        String figures = String.format(Locale.ROOT, """
                | measurement (%,d Leads x %d fields, query + queryMore, pages of 2,000) | median of %d runs (best) | target |
                |---|---|---|
                | read by `HttpURLConnection`, bytes only (the emulator's serving rate with the least client work) | %s | |
                | read by `HttpURLConnection`, every token parsed by Jackson's streaming parser | %s | >= 200,000 records/s |
                | read by the JDK `HttpClient` (`ofInputStream`), every token parsed by Jackson's streaming parser | %s | |
                | read by camel-salesforce (`query` / `queryMore`, rawPayload, Jackson tree per page), as the sync does | %s | |

                | measurement | result | target |
                |---|---|---|
                | heap used after seeding %,d Leads (after System.gc(), MemoryMXBean), -Xmx2g | %,d MB (%,d MB for the records; %,d MB before seeding) | < 1,536 MB |
                """, QUERY_LEADS, FIELDS.split(",").length, RUNS, drain, parsed, jdkClient, camel, HEAP_LEADS,
                heap[1] >> 20, (heap[1] - heap[0]) >> 20, heap[0] >> 20);
        System.out.println(figures);
        report.append("## Salesforce emulator\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on this project's machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
                .append(javaVersion()).append(", ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName())
                .append(String.format(Locale.ROOT, "; 1-minute load average %.1f at the start and %.1f at the end"
                        + " (other builds share these 2 cores, so rates vary from run to run).%n%n", loadBefore,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append("Reproduce: `mvn -B -Pbench-emulator test` (runs `io.sfsync.bench.EmulatorBenchmark`"
                        + " with `-Xmx2g`). The emulator and the client run in the same JVM and share the 2 cores;"
                        + " each client reads the whole query " + WARMUP + " times to warm up, then " + RUNS
                        + " measured times.\n\n")
                .append(figures).append('\n')
                .append("""
                        The rows differ only by the client's own work: the same emulator serves the same pages to \
                        each. camel-salesforce (Jetty's client, then a Jackson tree per page) is the slowest reader \
                        and still reads several times faster than the sync writes (see the pull pipeline below), so \
                        the emulator is not what limits a pull.

                        """);
        String out = System.getProperty("sfsync.bench.out");
        if (out != null) {
            BenchmarksDoc.writeSection(Path.of(out), "## Salesforce emulator", report.toString());
            System.out.println("written to " + out);
        }
    }

    interface Measured {
        double run() throws Exception;
    }

    record Rate(double median, double best) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f records/s (%,.0f)", median, best);
        }
    }

    static final int WARMUP = 3;
    static final int RUNS = 5;

    /** Runs {@link #WARMUP} unmeasured reads (JIT), then {@link #RUNS} measured ones. */
    static Rate measure(String name, Measured m) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            m.run();
        }
        double[] rates = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            rates[i] = m.run();
            System.out.printf(Locale.ROOT, "%s run %d: %,.0f records/s%n", name, i + 1, rates[i]);
        }
        java.util.Arrays.sort(rates);
        return new Rate(rates[RUNS / 2], rates[RUNS - 1]);
    }

    /**
     * Records per second read with {@link HttpURLConnection}: every token parsed, or ({@code parse} false) the bytes
     * only, the records counted by the page size and the next page's URL taken from the start of each page.
     */
    static double urlConnection(EmulatorServer server, boolean parse) throws Exception {
        String token = new EmulatorHttp(server).login().accessToken();
        long start = System.nanoTime();
        String next = EmulatorHttp.V + "/query?q=" + URLEncoder.encode(SOQL, StandardCharsets.UTF_8);
        long records = 0;
        byte[] buf = new byte[64 * 1024];
        long[] readBefore = {0};
        while (next != null) {
            HttpURLConnection c = (HttpURLConnection) URI.create(server.baseUrl() + next).toURL().openConnection();
            c.setRequestProperty("Authorization", "Bearer " + token);
            String[] nextUrl = new String[1];
            try (InputStream in = c.getInputStream()) {
                if (parse) {
                    records += countRecords(in, nextUrl);
                } else {
                    records += drain(in, buf, nextUrl, readBefore);
                }
            }
            next = nextUrl[0];
        }
        double rate = records / ((System.nanoTime() - start) / 1e9);
        if (records != QUERY_LEADS) {
            throw new IllegalStateException("read " + records + " records");
        }
        return rate;
    }

    /**
     * Reads a page's bytes without parsing them; returns the page's record count, known from the head: totalSize
     * and the offset in nextRecordsUrl (every page but the last is full).
     */
    private static long drain(InputStream in, byte[] buf, String[] nextUrl, long[] readBefore) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            if (head.size() < 512) {
                head.write(buf, 0, n);
            }
        }
        long total = -1;
        try (JsonParser p = JSON.createParser(head.toByteArray())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                if (name.equals("records")) {
                    break; // totalSize, done and nextRecordsUrl come first
                }
                p.nextToken();
                if (name.equals("totalSize")) {
                    total = p.getLongValue();
                } else if (name.equals("nextRecordsUrl")) {
                    nextUrl[0] = p.getText();
                }
            }
        }
        long upTo = nextUrl[0] == null ? total : Long.parseLong(nextUrl[0].substring(nextUrl[0].lastIndexOf('-') + 1));
        long records = upTo - readBefore[0];
        readBefore[0] = upTo;
        return records;
    }

    /** Records per second, pages read with the JDK client and fully parsed with Jackson's streaming parser. */
    static double rawHttp(EmulatorServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        EmulatorHttp api = new EmulatorHttp(server, http).login();
        long start = System.nanoTime();
        String next = EmulatorHttp.V + "/query?q=" + URLEncoder.encode(SOQL, StandardCharsets.UTF_8);
        long records = 0;
        while (next != null) {
            HttpResponse<InputStream> r = http.send(api.req(next).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String[] nextUrl = new String[1];
            try (InputStream in = r.body()) {
                records += countRecords(in, nextUrl);
            }
            next = nextUrl[0];
        }
        double rate = records / ((System.nanoTime() - start) / 1e9);
        if (records != QUERY_LEADS) {
            throw new IllegalStateException("read " + records + " records");
        }
        return rate;
    }

    /** Parses every token of a query page; returns the number of records and the nextRecordsUrl. */
    static long countRecords(InputStream in, String[] nextUrl) throws IOException {
        long n = 0;
        try (JsonParser p = JSON.createParser(in)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT) {
                    depth++;
                    if (depth == 2) {
                        n++;
                    }
                } else if (t == JsonToken.END_OBJECT) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && p.currentName().equals("nextRecordsUrl")) {
                    p.nextToken();
                    nextUrl[0] = p.getText();
                } else if (t == JsonToken.VALUE_STRING) {
                    p.getText();
                }
            }
        }
        return n;
    }

    /** Records per second through camel-salesforce, each page read into a Jackson tree. */
    static double camel(EmulatorServer server) throws Exception {
        try (CamelContext ctx = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS)) {
            ProducerTemplate template = ctx.createProducerTemplate();
            template.requestBody("salesforce:query?rawPayload=true", "SELECT Id FROM Lead LIMIT 1"); // log in first
            long start = System.nanoTime();
            long records = 0;
            var page = EmulatorHttp.JSON.readTree((InputStream) template.requestBody("salesforce:query?rawPayload=true", SOQL));
            records += page.get("records").size();
            while (!page.get("done").asBoolean()) {
                page = EmulatorHttp.JSON.readTree((InputStream) template.requestBody("salesforce:queryMore?rawPayload=true",
                        page.get("nextRecordsUrl").asText()));
                records += page.get("records").size();
            }
            double rate = records / ((System.nanoTime() - start) / 1e9);
            if (records != QUERY_LEADS) {
                throw new IllegalStateException("read " + records + " records");
            }
            return rate;
        }
    }

    /** {heap used before, heap used after} seeding, both after System.gc(). */
    static long[] heapAfterSeeding() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gc(memory);
        long before = memory.getHeapMemoryUsage().getUsed();
        EmulatorOrg org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.seed("Lead", HEAP_LEADS);
        gc(memory);
        long after = memory.getHeapMemoryUsage().getUsed();
        if (org.count("Lead") != HEAP_LEADS) {
            throw new IllegalStateException("seeded " + org.count("Lead"));
        }
        return new long[] {before, after};
    }

    private static void gc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
    }

    private static String javaVersion() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }


}
