package io.sfsync.store.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The jar a user runs holds the migrations of both vendors' locations: Flyway, reading the jar as it does at start,
 * resolves common/ and the vendor's folder (a folder missing from the jar would fail the start, not be skipped).
 */
class MigrationFoldersIT {

    @Test
    void the_jar_resolves_common_and_each_vendors_migration_folder() throws Exception {
        Path jar = Path.of("target/sfsync.jar").toAbsolutePath();
        assertThat(jar).as("run 'mvn -DskipTests package' first").exists();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            for (String url : List.of("jdbc:hsqldb:mem:jar-hsqldb", "jdbc:postgresql://127.0.0.1:5432/test")) {
                List<String> locations = SqlDialect.forUrl(url).migrationLocations();
                Flyway flyway = Flyway.configure(loader).failOnMissingLocations(true)
                        .locations(locations.toArray(String[]::new))
                        .dataSource("jdbc:hsqldb:mem:migration-folders", "SA", "").load();
                assertThat(flyway.info().pending()).as("%s", locations).hasSizeGreaterThanOrEqualTo(9);
            }
        }
    }
}
