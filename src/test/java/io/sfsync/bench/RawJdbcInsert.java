package io.sfsync.bench;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.testing.TestApp;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The physical limit the pull is compared with: the same rows (the Lead mapping's columns, values shaped like the
 * emulator's demo Leads, generated locally from a fixed seed) written by plain JDBC batches into a copy of the
 * {@code person} table in a fresh HSQLDB file database with the sync's URL options. No Salesforce, no Camel, no
 * mapping, no change detection: only what the database itself costs.
 */
final class RawJdbcInsert {

    static final int BATCH = 1_000;
    /** Rows per commit: the pull commits once per query page of 2,000 during a first pull. */
    static final int COMMIT_EVERY = 2_000;

    /** The columns a pull of Lead inserts, in the order RecordWriter binds them (checked against the mapping). */
    static final List<String> MAPPED_COLUMNS = List.of("salutation", "first_name", "last_name", "title", "company",
            "email", "phone", "mobile_phone", "street", "city", "state", "postal_code", "country", "website",
            "lead_source", "lead_status", "industry", "rating", "annual_revenue", "number_of_employees",
            "has_opted_out_of_email", "do_not_call", "sfdc_owner_id");

    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry", "Ida",
        "Jonas", "Karin", "Liam", "Maria", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sven", "Tara"};
    private static final String[] LAST = {"Andersson", "Brown", "Carlsson", "Davis", "Eriksson", "Fischer", "Garcia",
        "Hansen", "Ivanova", "Johnson", "Keller", "Larsen", "Miller", "Nilsson", "Olsen", "Petersen", "Quist", "Rossi"};
    private static final String[] TITLES = {"CEO", "CFO", "VP Marketing", "Marketing Manager", "Head of Sales",
        "Sales Representative", "IT Director", "Procurement Lead", "Operations Manager", "Founder"};
    private static final String[] CO = {"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
        "Soylent", "Tyrell", "Cyberdyne", "Wonka"};
    private static final String[] CO_SUFFIX = {"Inc.", "AB", "GmbH", "Ltd", "Corp.", "Group"};
    private static final String[][] CITIES = {{"San Francisco", "California", "CA", "941"},
        {"New York", "New York", "NY", "100"}, {"Austin", "Texas", "TX", "787"}, {"Seattle", "Washington", "WA", "981"},
        {"Boston", "Massachusetts", "MA", "021"}, {"Chicago", "Illinois", "IL", "606"}};
    private static final String[] STREETS = {"Main Street", "Market Street", "Oak Avenue", "Pine Road", "Elm Street",
        "Harbor Boulevard"};
    private static final String[] COUNTRIES = {"USA", "United States", "US"};
    private static final String[] SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"};
    private static final String[] STATUSES = {"Open - Not Contacted", "Working - Contacted", "Closed - Converted",
        "Closed - Not Converted"};
    private static final String[] INDUSTRIES = {"Agriculture", "Banking", "Biotechnology", "Consulting", "Education",
        "Electronics", "Energy", "Healthcare", "Manufacturing", "Retail", "Technology", "Telecommunications"};
    private static final String[] RATINGS = {"Hot", "Warm", "Cold"};
    private static final String[] SALUTATIONS = {"Mr.", "Ms.", "Mrs.", "Dr.", "Prof."};

    private RawJdbcInsert() {
    }

    /**
     * Result of one run: rows written, the seconds spent in binding, executing batches and committing, and the
     * database's product name and version (JDBC metadata), e.g. "PostgreSQL 15.20".
     */
    record Result(int rows, double seconds, String database) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** Creates the database under {@code dir} and inserts {@code rows} rows; the row generation is not timed. */
    static Result run(Path dir, int rows) throws SQLException {
        return run(TestApp.config(dir), rows);
    }

    /** As {@link #run(Path, int)}, into the database {@code config} names (sfsync.db.url: PostgreSQL too). */
    static Result run(java.util.Properties config, int rows) throws SQLException {
        String insert = "INSERT INTO person (sfdc_lead_id, person_type, " + String.join(", ", MAPPED_COLUMNS)
                + ") VALUES (" + String.join(", ", Collections.nCopies(MAPPED_COLUMNS.size() + 2, "?")) + ")";
        Random r = new Random(42);
        long nanos = 0;
        String database;
        // The same database and table as the pull's: the product's own URL options and migrations.
        try (Database db = Database.open(new SfsyncSettings(config));
             Connection c = db.dataSource().getConnection()) {
            database = c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion().split(" ")[0];
            c.setAutoCommit(false);
            Object[][] chunk = new Object[COMMIT_EVERY][];
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (int done = 0; done < rows; ) {
                    int n = Math.min(COMMIT_EVERY, rows - done);
                    for (int i = 0; i < n; i++) {
                        chunk[i] = row(r, done + i);
                    }
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        bind(ps, chunk[i]);
                        ps.addBatch();
                        if ((i + 1) % BATCH == 0 || i == n - 1) {
                            ps.executeBatch();
                        }
                    }
                    c.commit();
                    nanos += System.nanoTime() - t0;
                    done += n;
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM person")) {
                rs.next();
                if (rs.getInt(1) != rows) {
                    throw new IllegalStateException("inserted " + rs.getInt(1) + " rows, expected " + rows);
                }
            }
        }
        return new Result(rows, nanos / 1e9, database);
    }

    static void bind(PreparedStatement ps, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                ps.setNull(i + 1, i == 20 ? Types.DECIMAL : i == 21 ? Types.INTEGER : i >= 22 && i <= 23 ? Types.BOOLEAN
                        : Types.VARCHAR);
            } else if (v instanceof String s) {
                ps.setString(i + 1, s);
            } else if (v instanceof BigDecimal d) {
                ps.setBigDecimal(i + 1, d);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setBoolean(i + 1, (Boolean) v);
            }
        }
    }

    /** sfdc_lead_id, person_type, then {@link #MAPPED_COLUMNS}; nulls in about the demo data's proportions. */
    static Object[] row(Random r, int n) {
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        String co = pick(r, CO);
        String domain = co.toLowerCase() + (r.nextInt(50)) + ".example.com";
        String[] city = CITIES[r.nextInt(CITIES.length)];
        return new Object[] {
            salesforceId("00Q", n), "Lead",
            r.nextInt(3) == 0 ? pick(r, SALUTATIONS) : null,
            first,
            last,
            pick(r, TITLES),
            co + " " + pick(r, CO_SUFFIX),
            first.toLowerCase() + "." + last.toLowerCase() + r.nextInt(1000) + "@" + domain,
            phone(r),
            r.nextInt(3) == 0 ? phone(r) : null,
            (100 + r.nextInt(9800)) + " " + pick(r, STREETS),
            city[0],
            r.nextInt(5) == 0 ? city[2] : city[1],
            city[3] + String.format("%02d", r.nextInt(100)),
            pick(r, COUNTRIES),
            r.nextInt(4) == 0 ? null : "www." + domain,
            pick(r, SOURCES),
            pick(r, STATUSES),
            pick(r, INDUSTRIES),
            r.nextInt(4) == 0 ? null : pick(r, RATINGS),
            r.nextInt(5) == 0 ? null : BigDecimal.valueOf((1 + r.nextInt(500)) * 100_000L, 0).setScale(2),
            r.nextInt(5) == 0 ? null : 1 + r.nextInt(5000),
            r.nextInt(10) == 0,
            r.nextInt(20) == 0,
            salesforceId("005", 1 + r.nextInt(20)),
        };
    }

    /** An 18-character id with the object's key prefix (the checksum suffix does not matter to the database). */
    private static String salesforceId(String prefix, int n) {
        String digits = Integer.toString(n, 36).toUpperCase();
        return prefix + "0".repeat(12 - digits.length()) + digits + "AAA";
    }

    private static String phone(Random r) {
        return "(" + (200 + r.nextInt(800)) + ") 555-" + String.format("%04d", r.nextInt(10_000));
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
