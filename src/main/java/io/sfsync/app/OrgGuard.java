package io.sfsync.app;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.store.OrgIdentityStore;
import io.sfsync.store.OrgIdentityStore.RecordedOrg;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.internal.SalesforceSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database holds one Salesforce org's records: the org sfsync first logged in to is
 * recorded, and a start against another org (the bundled emulator is one, with its own id)
 * is refused before anything is written. Watermarks of one org would otherwise skip the
 * other's older records, and demo data would mix with real data.
 */
final class OrgGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OrgGuard.class);

    private OrgGuard() {
    }

    static void check(SfsyncSettings settings, DataSource dataSource, CamelContext camel) throws Exception {
        String orgId = loggedInOrgId(camel);
        boolean emulator = settings.salesforceMode() == SfsyncSettings.SalesforceMode.EMULATOR;
        String connected = emulator ? "the bundled Salesforce emulator's demo org"
                : "the org of " + settings.get("sfsync.salesforce.login-url")
                        + (settings.get("sfsync.salesforce.username").isEmpty() ? "" : " as " + settings.get("sfsync.salesforce.username"));
        RecordedOrg recorded = new OrgIdentityStore(dataSource).recordIfAbsent(orgId, connected);
        if (!recorded.orgId().equals(orgId)) {
            throw new ConfigException("the database " + Database.redact(settings.dbUrl()) + " holds the records of Salesforce org "
                    + recorded.orgId() + " (" + recorded.description() + ", since " + recorded.recordedAt() + "), but sfsync is"
                    + " configured for org " + orgId + " (" + connected + "). One database keeps one org's records: for this org"
                    + " use another sfsync.data-dir (embedded database) or sfsync.db.url, or configure org " + recorded.orgId()
                    + " again" + (emulator ? " (sfsync runs the emulator because sfsync.salesforce.login-url is not set)" : "") + ".");
        }
        LOG.info("Salesforce org {} ({}): this database's org", orgId, recorded.description());
    }

    /** The org of the session {@code SfsyncApplication.connectToSalesforce} logged in (its login answer names it). */
    private static String loggedInOrgId(CamelContext camel) {
        SalesforceSession session = camel.getComponent("salesforce", SalesforceComponent.class).getSession();
        String orgId = session.getOrgId();
        if (orgId == null || orgId.isBlank()) {
            throw new IllegalStateException("Salesforce's login response named no organization id (its 'id' URL); "
                    + "cannot tell which org this database belongs to");
        }
        return orgId;
    }
}
