package io.sfsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.testing.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locks that keep sfsync instances on one PostgreSQL database apart (issue #18), between two instances of one
 * schema and across schemas: the cycle lock, the object locks, and liveness that ends with the instance's connection.
 */
class MembershipTest {

    @RegisterExtension
    final PostgresSchema first = new PostgresSchema("sfsync_member_a_");

    @RegisterExtension
    final PostgresSchema second = new PostgresSchema("sfsync_member_b_");

    @TempDir
    Path data;

    @Test
    void two_instances_of_one_schema_take_turns_and_a_dead_one_is_seen_dead() throws Exception {
        try (Database db = Database.open(new SfsyncSettings(first.appConfig(data)))) {
            Membership a = Membership.join(db.dataSource(), connect(first), "a");
            Membership b = Membership.join(db.dataSource(), connect(first), "b");
            try {
                assertThat(a.alive()).containsExactlyInAnyOrder(a.id(), b.id());

                assertThat(a.tryCycle()).as("no cycle runs").isTrue();
                assertThat(b.tryCycle()).as("a's cycle runs").isFalse();
                a.endCycle();
                assertThat(b.tryCycle()).as("a's cycle ended").isTrue();
                b.endCycle();

                assertThat(a.tryObject("Lead")).isTrue();
                assertThat(b.tryObject("Lead")).as("a holds Lead").isFalse();
                assertThat(b.tryObject("Contact")).as("another object is free").isTrue();
                a.releaseObject("Lead");
                assertThat(b.tryObject("Lead")).isTrue();

                a.close(); // as after kill -9: the connection, and with it the locks, are gone
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(b.alive()).containsExactly(b.id()));
                assertThat(b.tryCycle()).as("a dead instance holds no lock").isTrue();
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void instances_of_two_schemas_of_one_database_never_wait_for_each_other() throws Exception {
        try (Database one = Database.open(new SfsyncSettings(first.appConfig(data.resolve("one"))));
             Database other = Database.open(new SfsyncSettings(second.appConfig(data.resolve("other"))))) {
            Membership a = Membership.join(one.dataSource(), connect(first), "a");
            Membership b = Membership.join(other.dataSource(), connect(second), "b");
            try {
                assertThat(a.tryCycle()).isTrue();
                assertThat(b.tryCycle()).as("the other schema's cycle lock is its own").isTrue();
                assertThat(a.tryObject("Lead")).isTrue();
                assertThat(b.tryObject("Lead")).isTrue();
                assertThat(a.alive()).as("only the instances of its own schema").containsExactly(a.id());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static Connection connect(PostgresSchema schema) throws Exception {
        return DriverManager.getConnection(PostgresSchema.SERVER + "?currentSchema=" + schema.name(), PostgresSchema.USER,
                "");
    }
}
