package io.sfsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Leads that Pull Updates cannot store, as dead letters: a Lead mapping whose Company (255 characters in Salesforce)
 * goes into person.state (80 characters), so a long company name is rejected by the database; widening the column
 * fixes it. Records with a short name are pulled as usual.
 */
public final class DeadLetterFixture {

    public static final String TOO_LONG =
            "A company name far longer than the eighty characters the local state column can hold, truly";

    private DeadLetterFixture() {
    }

    /** {@code dir/lead.yaml}, the narrow mapping; returns {@code dir}. */
    public static Path mappings(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Company,  column: state }
                """);
        return dir;
    }

    /** Keys for {@link TestApp#config}: the narrow mapping in {@code mappings}, only Lead, no demo records. */
    public static String[] settings(Path mappings) throws Exception {
        return new String[] {"sfsync.mappings-dir", mappings(mappings).toString(), "sfsync.objects", "Lead",
            "sfsync.salesforce.emulator.seed-leads", "0", "sfsync.salesforce.emulator.seed-contacts", "0"};
    }

    /** The fix an administrator makes: person.state wide enough for every company name (HSQLDB and PostgreSQL). */
    public static void widenState(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE person ALTER COLUMN state SET DATA TYPE VARCHAR(255)");
        }
    }
}
