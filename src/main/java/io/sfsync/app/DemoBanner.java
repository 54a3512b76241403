package io.sfsync.app;

/** What sfsync says at start when it syncs the bundled emulator: nobody should mistake demo data for their org's. */
final class DemoBanner {

    private DemoBanner() {
    }

    static String text(String emulatorUrl) {
        String rule = "*".repeat(92);
        return String.join(System.lineSeparator(),
                "",
                rule,
                "* DEMO MODE: sfsync is running against the bundled Salesforce emulator (" + emulatorUrl + ")",
                "* with demo data, NOT a real Salesforce org. The local database receives that demo data.",
                "* To connect a real org, set its login (environment variables, or the same keys in --config FILE):",
                "*   SFSYNC_SALESFORCE_LOGIN_URL=https://login.salesforce.com  (or https://test.salesforce.com)",
                "*   SFSYNC_SALESFORCE_CLIENT_ID, SFSYNC_SALESFORCE_CLIENT_SECRET,",
                "*   SFSYNC_SALESFORCE_USERNAME, SFSYNC_SALESFORCE_PASSWORD  (see docs/configuration.md)",
                "* and use a fresh sfsync.data-dir (or sfsync.db.url): a database keeps the org it first synced.",
                rule);
    }
}
