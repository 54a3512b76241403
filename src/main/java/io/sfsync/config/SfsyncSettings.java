package io.sfsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The product configuration ({@code sfsync.*}), typed and validated. Each key, its type, default
 * and documentation are declared once, in {@link ConfigCatalogue}; the rules that join several keys
 * (login URL and credentials, the JWT key store) are here.
 */
public final class SfsyncSettings {

    /** The names of the keys of {@link ConfigCatalogue}, in its order. */
    public static final List<String> KNOWN_KEYS = ConfigCatalogue.names();

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

    /** Checks every key against {@link ConfigCatalogue}; all mistakes are reported together, each naming its key. */
    public SfsyncSettings(Properties props) {
        this.props = props;
        List<String> problems = ConfigCatalogue.problems(props);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public Properties properties() {
        return props;
    }

    /** The value, trimmed; a catalogue key that is absent has its default, any other key is empty. */
    public String get(String key) {
        ConfigKey known = ConfigCatalogue.key(key);
        String v = props.getProperty(key, known == null ? "" : known.defaultValue());
        return v.trim();
    }

    /** The value of {@code key}, checked as {@code key} says (the catalogue's keys were checked already). */
    private String checked(ConfigKey key) {
        String v = get(key.name());
        String problem = key.problem(v);
        if (problem != null) {
            throw new ConfigException(problem);
        }
        return v;
    }

    private static ConfigKey catalogued(String key) {
        ConfigKey k = ConfigCatalogue.key(key);
        if (k == null) {
            throw new IllegalArgumentException(key + " is not a key of ConfigCatalogue");
        }
        return k;
    }

    /** A whole-number key of the catalogue, within its declared range. */
    public int intValue(String key) {
        ConfigKey k = catalogued(key);
        if (k.type() != ConfigKey.Type.INT) {
            throw new IllegalArgumentException(key + " is not a whole-number key");
        }
        return Integer.parseInt(checked(k));
    }

    /** A whole number between {@code min} and {@code max}; for keys outside the catalogue, such as {@code camel.*}. */
    public int intValue(String key, int min, int max) {
        return Integer.parseInt(checked(ConfigKey.integer(key, "", min, max, "")));
    }

    /** A share between 0 (exclusive) and 1 (inclusive), such as 0.8. */
    public double shareValue(String key) {
        return Double.parseDouble(checked(ConfigKey.of(key, ConfigKey.Type.SHARE, "", "")));
    }

    public boolean booleanValue(String key) {
        return Boolean.parseBoolean(checked(ConfigKey.of(key, ConfigKey.Type.BOOLEAN, "", "")).toLowerCase(Locale.ROOT));
    }

    /** The resolved {@code sfsync.*} configuration, one key a line, secrets masked: what start-up logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Configuration (secrets masked; every key: docs/configuration.md):");
        for (ConfigKey k : ConfigCatalogue.KEYS) {
            sb.append("\n  ").append(k.name()).append(" = ").append(k.display(get(k.name())));
        }
        return sb.toString();
    }

    /** The REST API version of every call, such as 62.0. */
    public String apiVersion() {
        return checked(catalogued("sfsync.salesforce.api-version"));
    }

    public Path dataDir() {
        return Path.of(checked(catalogued("sfsync.data-dir"))).toAbsolutePath().normalize();
    }

    public Path mappingsDir() {
        return Path.of(checked(catalogued("sfsync.mappings-dir"))).toAbsolutePath().normalize();
    }

    public Path routesDir() {
        return Path.of(checked(catalogued("sfsync.routes-dir"))).toAbsolutePath().normalize();
    }

    /** The Salesforce objects the cycle syncs, in the order it syncs them. */
    public List<String> objects() {
        List<String> out = new ArrayList<>();
        for (String s : checked(catalogued("sfsync.objects")).split(",")) {
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
        ConfigKey modeKey = catalogued("sfsync.salesforce.mode");
        String set = checked(modeKey);
        String mode = set.isEmpty() ? modeKey.defaultValue() : modeKey.canonical(set);
        boolean loginUrl = !get("sfsync.salesforce.login-url").isEmpty();
        if (mode.equals("auto")) {
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
            default -> throw new IllegalStateException("sfsync.salesforce.mode " + mode + " has no meaning here");
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

    /** USERNAME_PASSWORD, CLIENT_CREDENTIALS or JWT. */
    public String authType() {
        ConfigKey k = catalogued("sfsync.salesforce.auth-type");
        return k.canonical(checked(k));
    }
}
