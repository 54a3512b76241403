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
 * @param sessionTimeout access tokens expire after this much inactivity, measured on the emulator clock
 *                       (Salesforce's default session timeout: 2 hours)
 * @param jwtKey         public key of the connected app's certificate for the JWT bearer flow; null = JWT login off
 * @param https          serve HTTPS with a self-signed certificate generated at start instead of plain HTTP
 * @param schemaFile     optional extra schema file (JSON, same format as the bundled schema.json) adding custom
 *                       objects and fields; null = none
 */
public record EmulatorConfig(String host, int port, String username, String password, String clientId,
                             String clientSecret, int seedLeads, int seedContacts, long dailyApiLimit,
                             java.time.Duration sessionTimeout, java.security.PublicKey jwtKey, boolean https,
                             java.nio.file.Path schemaFile) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_USERNAME = "sync@sfsync.local";
    public static final String DEFAULT_PASSWORD = "sfsync";
    public static final String DEFAULT_CLIENT_ID = "sfsync-demo";
    public static final String DEFAULT_CLIENT_SECRET = "sfsync-demo";
    public static final java.time.Duration DEFAULT_SESSION_TIMEOUT = java.time.Duration.ofHours(2);

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
        if (sessionTimeout == null) {
            sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("sessionTimeout must be > 0");
        }
    }

    /** The original nine-component form: default session timeout, no JWT key, plain HTTP. */
    public EmulatorConfig(String host, int port, String username, String password, String clientId,
                          String clientSecret, int seedLeads, int seedContacts, long dailyApiLimit) {
        this(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit,
                DEFAULT_SESSION_TIMEOUT, null, false, null);
    }

    public static EmulatorConfig defaults() {
        return new EmulatorConfig(DEFAULT_HOST, 0, DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_CLIENT_ID,
                DEFAULT_CLIENT_SECRET, 300, 200, 100_000L);
    }

    public EmulatorConfig withHost(String newHost) {
        return new EmulatorConfig(newHost, port, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, sessionTimeout, jwtKey, https, schemaFile);
    }

    public EmulatorConfig withPort(int newPort) {
        return new EmulatorConfig(host, newPort, username, password, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, sessionTimeout, jwtKey, https, schemaFile);
    }

    public EmulatorConfig withCredentials(String newUsername, String newPassword) {
        return new EmulatorConfig(host, port, newUsername, newPassword, clientId, clientSecret, seedLeads, seedContacts, dailyApiLimit, sessionTimeout, jwtKey, https, schemaFile);
    }

    public EmulatorConfig withClient(String newClientId, String newClientSecret) {
        return new EmulatorConfig(host, port, username, password, newClientId, newClientSecret, seedLeads, seedContacts, dailyApiLimit, sessionTimeout, jwtKey, https, schemaFile);
    }

    public EmulatorConfig withSeed(int leads, int contacts) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, leads, contacts, dailyApiLimit, sessionTimeout, jwtKey, https, schemaFile);
    }

    public EmulatorConfig withDailyApiLimit(long limit) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts, limit, sessionTimeout, jwtKey, https, schemaFile);
    }

    /** Access tokens expire after {@code timeout} without a call (on the emulator clock). */
    public EmulatorConfig withSessionTimeout(java.time.Duration timeout) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts,
                dailyApiLimit, timeout, jwtKey, https, schemaFile);
    }

    /** Enables the JWT bearer flow: assertions must be signed (RS256) with the private key of this public key. */
    public EmulatorConfig withJwtCertificate(java.security.PublicKey key) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts,
                dailyApiLimit, sessionTimeout, key, https, schemaFile);
    }

    /** Enables the JWT bearer flow with the connected app's certificate (as uploaded to a real connected app). */
    public EmulatorConfig withJwtCertificate(java.security.cert.X509Certificate certificate) {
        return withJwtCertificate(certificate == null ? null : certificate.getPublicKey());
    }

    /** Serves HTTPS with a self-signed certificate for 127.0.0.1 / localhost generated at start. */
    public EmulatorConfig withHttps(boolean enabled) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts,
                dailyApiLimit, sessionTimeout, jwtKey, enabled, schemaFile);
    }

    /** Adds custom objects and fields from a JSON schema file (null = none). */
    public EmulatorConfig withSchemaFile(java.nio.file.Path file) {
        return new EmulatorConfig(host, port, username, password, clientId, clientSecret, seedLeads, seedContacts,
                dailyApiLimit, sessionTimeout, jwtKey, https, file);
    }
}
