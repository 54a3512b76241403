package io.sfsync.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The Quartz configuration of a cluster of sfsync instances (sfsync.cluster.enabled=true, PostgreSQL): Quartz's JDBC
 * JobStore, clustered, in the tables of migration V16_1, on the application's own connection pool. The schedule of
 * {@code routes/cycle/cycle-schedule.camel.yaml} is then kept in the database and each firing goes to one instance;
 * when that instance dies, the others take over its triggers after {@link #CHECKIN_MILLIS}.
 */
public final class QuartzCluster {

    /** The name Quartz knows the application's pool by. */
    static final String DATA_SOURCE = "sfsync";
    /** How often each instance checks in, and so how soon the others notice it is gone. */
    static final long CHECKIN_MILLIS = 5_000;

    private QuartzCluster() {
    }

    /** The Quartz properties for the camel-quartz component; registers the pool with Quartz under {@link #DATA_SOURCE}. */
    public static Map<String, Object> properties(DataSource dataSource, String instanceName) {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the application, which closes it
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        Map<String, Object> p = new LinkedHashMap<>();
        // one scheduler name for all instances: they share its rows (QRTZ_*.SCHED_NAME)
        p.put("org.quartz.scheduler.instanceName", "sfsync");
        p.put("org.quartz.scheduler.instanceId", instanceName);
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_MILLIS));
        p.put("org.quartz.jobStore.misfireThreshold", "10000");
        return p;
    }
}
