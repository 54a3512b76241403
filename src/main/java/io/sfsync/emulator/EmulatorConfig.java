package io.sfsync.emulator;

/**
 * Configuration of an {@link EmulatorServer}. Use {@link #defaults()} and the {@code with*} methods.
 *
 * @param host           interface to bind (default 127.0.0.1)
 * @param port           TCP port, 0 = ephemeral
 * @param username       the one integration user that may log in
 * @param password       its password (no security token suffix is expected)
 * @param clientId       connected-app consumer key
 * @param clientSecret   connected-app consumer secret
 * @param seedLeads      number of demo Leads created at start
 * @param seedContacts   number of demo Contacts created at start
 * @param dailyApiLimit  value reported as the daily API request limit; exceeding it yields REQUEST_LIMIT_EXCEEDED
 * @param schemaFile     optional extra schema file (JSON, same format as the bundled schema.json) adding custom
 *                       objects and fields; null = none
 */
public record EmulatorConfig(String host, int port, String username, String password, String clientId,
                             String clientSecret, int seedLeads, int seedContacts, long dailyApiLimit,
                             java.nio.file.Path schemaFile) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_USERNAME = "sync@sfsync.local";
    public static final String DEFAULT_PASSWORD = "sfsync";
    public static final String DEFAULT_CLIENT_ID = "sfsync-demo";
    public static final String DEFAULT_CLIENT_SECRET = "sfsync-demo";

    public EmulatorConfig {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (seedLeads < 0 || seedContacts < 0) {
            throw new IllegalArgumentException("seed counts must be >= 0");
        }
        if (dailyApiLimit <= 0) {
            throw new IllegalArgumentException("dailyApiLimit must be > 0");
        }
    }

    /** Without an extra schema file. */
    public EmulatorConfig(String host, int port, String username, String password, String clientId,
                          String clientSecret, int seedLeads, int seedContacts, long dailyApiLimit) {
        this(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, null);
    }

    public static EmulatorConfig defaults() {
        return new EmulatorConfig(DEFAULT_HOST, 0, DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_CLIENT_ID,
                DEFAULT_CLIENT_SECRET, 300, 200, 100_000L);
    }

    public EmulatorConfig withHost(String newHost) {
        return new EmulatorConfig(newHost, port, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, schemaFile);
    }

    public EmulatorConfig withPort(int newPort) {
        return new EmulatorConfig(host, newPort, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, schemaFile);
    }

    public EmulatorConfig withCredentials(String newUsername, String newPassword) {
        return new EmulatorConfig(host, port, newUsername, newPassword, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, schemaFile);
    }

    public EmulatorConfig withClient(String newClientId, String newClientSecret) {
        return new EmulatorConfig(host, port, username, password, newClientId, newClientSecret, seedLeads, seedContacts, dailyApiLimit, schemaFile);
    }

    public EmulatorConfig withSeed(int leads, int contacts) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, leads, contacts, dailyApiLimit, schemaFile);
    }

    public EmulatorConfig withDailyApiLimit(long limit) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts, limit, schemaFile);
    }

    /** Adds custom objects and fields from a JSON schema file (null = none). */
    public EmulatorConfig withSchemaFile(java.nio.file.Path file) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, file);
    }
}
