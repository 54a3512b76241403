package io.sfsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The product configuration ({@code sfsync.*}), typed and validated. Every key here is
 * documented in docs/configuration.md with its default; defaults live in
 * src/main/resources/application.properties.
 */
public final class SfsyncSettings {

    public static final List<String> KNOWN_KEYS = List.of(
            "sfsync.data-dir",
            "sfsync.routes-dir",
            "sfsync.mappings-dir",
            "sfsync.objects",
            "sfsync.cycle.cron",
            "sfsync.cycle.scheduled",
            "sfsync.db.url",
            "sfsync.db.username",
            "sfsync.db.password",
            "sfsync.db.pool-size",
            "sfsync.salesforce.mode",
            "sfsync.salesforce.login-url",
            "sfsync.salesforce.auth-type",
            "sfsync.salesforce.client-id",
            "sfsync.salesforce.client-secret",
            "sfsync.salesforce.username",
            "sfsync.salesforce.password",
            "sfsync.salesforce.keystore.path",
            "sfsync.salesforce.keystore.password",
            "sfsync.salesforce.keystore.type",
            "sfsync.salesforce.api-version",
            "sfsync.salesforce.budget.max-share",
            "sfsync.salesforce.retry.max-retries",
            "sfsync.salesforce.retry.initial-delay-ms",
            "sfsync.salesforce.retry.max-delay-ms",
            "sfsync.pull.bulk-threshold",
            "sfsync.pull.bulk-poll-interval-ms",
            "sfsync.pull.bulk-page-size",
            "sfsync.salesforce.emulator.port",
            "sfsync.salesforce.emulator.seed-leads",
            "sfsync.salesforce.emulator.seed-contacts",
            "sfsync.salesforce.emulator.daily-api-limit",
            "sfsync.salesforce.emulator.seed-extra",
            "sfsync.salesforce.emulator.schema-file");

    public enum SalesforceMode { EMULATOR, ORG }

    /** Keys that only make sense for a real org: set without a login URL, they are a mistake. */
    private static final List<String> ORG_LOGIN_KEYS = List.of(
            "sfsync.salesforce.client-id",
            "sfsync.salesforce.client-secret",
            "sfsync.salesforce.username",
            "sfsync.salesforce.password",
            "sfsync.salesforce.keystore.path");

    /** The key store holding the private key (and its certificate) that signs the JWT bearer assertion. */
    public record JwtKeyStore(Path path, String password, String type) {
    }

    private final Properties props;

    public SfsyncSettings(Properties props) {
        this.props = props;
        checkKeys();
    }

    private void checkKeys() {
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("sfsync.") && !KNOWN_KEYS.contains(key)) {
                String near = Suggest.nearest(key, KNOWN_KEYS);
                throw new ConfigException("unknown configuration key '" + key + "'"
                        + (near != null ? " (did you mean '" + near + "'?)" : "")
                        + "; the keys are listed in docs/configuration.md");
            }
        }
    }

    public Properties properties() {
        return props;
    }

    public String get(String key) {
        String v = props.getProperty(key);
        return v == null ? "" : v.trim();
    }

    private String required(String key) {
        String v = get(key);
        if (v.isEmpty()) {
            throw new ConfigException("configuration key '" + key + "' must be set");
        }
        return v;
    }

    public int intValue(String key, int min, int max) {
        String v = required(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException("configuration key '" + key + "' is " + i + "; it must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException("configuration key '" + key + "' is '" + v + "'; it must be a whole number");
        }
    }

    /** A share between 0 (exclusive) and 1 (inclusive), such as 0.8. */
    public double shareValue(String key) {
        String v = required(key);
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0 && d <= 1)) {
                throw new ConfigException("configuration key '" + key + "' is " + v + "; it must be above 0 and at most 1");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException("configuration key '" + key + "' is '" + v + "'; it must be a number such as 0.8");
        }
    }

    public boolean booleanValue(String key) {
        String v = required(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException("configuration key '" + key + "' is '" + v + "'; it must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** The REST API version of every call, such as 62.0. */
    public String apiVersion() {
        String v = required("sfsync.salesforce.api-version");
        if (!v.matches("\\d{2,3}\\.0")) {
            throw new ConfigException("configuration key 'sfsync.salesforce.api-version' is '" + v
                    + "'; it must be a Salesforce API version such as 62.0");
        }
        return v;
    }

    public Path dataDir() {
        return Path.of(required("sfsync.data-dir")).toAbsolutePath().normalize();
    }

    public Path mappingsDir() {
        return Path.of(required("sfsync.mappings-dir")).toAbsolutePath().normalize();
    }

    public Path routesDir() {
        return Path.of(required("sfsync.routes-dir")).toAbsolutePath().normalize();
    }

    /** The Salesforce objects the cycle syncs, in the order it syncs them. */
    public List<String> objects() {
        List<String> out = new ArrayList<>();
        for (String s : required("sfsync.objects").split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    public String dbUrl() {
        String url = get("sfsync.db.url");
        if (!url.isEmpty()) {
            return url;
        }
        // hsqldb.lock_file stays on: a second process must not open the same files.
        return "jdbc:hsqldb:file:" + dataDir().resolve("db").resolve("sfsync") + ";shutdown=true;hsqldb.tx=mvcc";
    }

    /**
     * {@code auto} is the emulator only when nothing of a real org's login is set: credentials
     * without a login URL would otherwise sync the demo data into the user's database.
     */
    public SalesforceMode salesforceMode() {
        String mode = get("sfsync.salesforce.mode").toLowerCase(Locale.ROOT);
        boolean loginUrl = !get("sfsync.salesforce.login-url").isEmpty();
        if (mode.isEmpty() || mode.equals("auto")) {
            if (loginUrl) {
                return SalesforceMode.ORG;
            }
            List<String> given = ORG_LOGIN_KEYS.stream().filter(k -> !get(k).isEmpty()).toList();
            if (!given.isEmpty()) {
                throw missingLoginUrl(String.join(", ", given) + " " + (given.size() == 1 ? "is" : "are") + " set");
            }
            return SalesforceMode.EMULATOR;
        }
        return switch (mode) {
            case "emulator" -> SalesforceMode.EMULATOR;
            case "org" -> {
                if (!loginUrl) {
                    throw missingLoginUrl("sfsync.salesforce.mode is org");
                }
                yield SalesforceMode.ORG;
            }
            default -> throw new ConfigException("configuration key 'sfsync.salesforce.mode' is '" + mode
                    + "'; it must be one of auto, emulator, org");
        };
    }

    private static ConfigException missingLoginUrl(String why) {
        return new ConfigException(why + " but configuration key 'sfsync.salesforce.login-url' (environment variable "
                + "SFSYNC_SALESFORCE_LOGIN_URL) is not: set it to your org's login server, e.g. https://login.salesforce.com "
                + "(production), https://test.salesforce.com (sandbox) or your My Domain URL. Without it sfsync would sync "
                + "the bundled emulator's demo data instead of your org.");
    }

    /**
     * The signing key store of the JWT bearer flow, checked now (set, readable, opens with the
     * password, holds a private key) so that a mistake is named at start rather than as a login failure.
     */
    public JwtKeyStore jwtKeyStore() {
        for (String key : List.of("sfsync.salesforce.client-id", "sfsync.salesforce.username",
                "sfsync.salesforce.keystore.path", "sfsync.salesforce.keystore.password")) {
            if (get(key).isEmpty()) {
                throw new ConfigException("sfsync.salesforce.auth-type is JWT but configuration key '" + key
                        + "' (environment variable " + ConfigLoader.envNameOf(key) + ") is not set; the JWT bearer flow needs "
                        + "the connected app's consumer key, the integration user and a key store with the private key "
                        + "whose certificate the connected app holds (docs/configuration.md)");
            }
        }
        Path path = Path.of(get("sfsync.salesforce.keystore.path")).toAbsolutePath().normalize();
        String type = get("sfsync.salesforce.keystore.type").isEmpty() ? "PKCS12" : get("sfsync.salesforce.keystore.type");
        String password = get("sfsync.salesforce.keystore.password");
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration key 'sfsync.salesforce.keystore.path': " + path + " is not a file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            boolean hasKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new ConfigException("configuration key 'sfsync.salesforce.keystore.path': " + path
                        + " holds no private key; the JWT bearer flow signs with the key whose certificate the connected app holds");
            }
        } catch (KeyStoreException e) {
            throw new ConfigException("configuration key 'sfsync.salesforce.keystore.type' is '" + type
                    + "'; it must be a key store type such as PKCS12 or JKS");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("configuration key 'sfsync.salesforce.keystore.path': cannot open " + path + " as a "
                    + type + " key store with sfsync.salesforce.keystore.password (" + e.getMessage() + ")");
        }
        return new JwtKeyStore(path, password, type);
    }

    public String authType() {
        String t = get("sfsync.salesforce.auth-type").toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> allowed = Arrays.asList("USERNAME_PASSWORD", "CLIENT_CREDENTIALS", "JWT");
        if (!allowed.contains(t)) {
            throw new ConfigException("configuration key 'sfsync.salesforce.auth-type' is '" + t
                    + "'; it must be one of " + String.join(", ", allowed));
        }
        return t;
    }
}
