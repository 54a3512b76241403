package io.sfsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves the product configuration once, from (lowest to highest precedence):
 * the defaults of {@link ConfigCatalogue} and, for Camel's own keys, the bundled
 * {@code application.properties}, the file given with {@code --config},
 * environment variables ({@code sfsync.cycle.cron} is {@code SFSYNC_CYCLE_CRON},
 * {@code camel.server.port} is {@code CAMEL_SERVER_PORT}) and
 * JVM system properties. Camel receives the merged result, so the routes, the beans
 * and the command line see the same values.
 */
public final class ConfigLoader {

    /** SFSYNC_* variables that are no configuration key: the command line reads them itself. */
    private static final Set<String> NOT_KEYS = Set.of("SFSYNC_LOG_LEVEL", "SFSYNC_ADMIN_USER", "SFSYNC_ADMIN_PASSWORD");

    private ConfigLoader() {
    }

    public static Properties load(Path configFile, Map<String, String> env, Properties system) {
        Properties merged = ConfigCatalogue.defaults();
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new ConfigException("application.properties is missing from the classpath");
            }
            merged.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read the bundled application.properties: " + e.getMessage());
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new ConfigException("--config " + configFile + ": file not found");
            }
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                Properties file = new Properties();
                file.load(r);
                merged.putAll(file);
            } catch (IOException e) {
                throw new ConfigException("--config " + configFile + ": " + e.getMessage());
            }
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = propertyKeyOf(e.getKey(), merged);
            if (key != null) {
                merged.setProperty(key, e.getValue());
            } else if (e.getKey().toUpperCase(Locale.ROOT).startsWith("SFSYNC_")
                    && !NOT_KEYS.contains(e.getKey().toUpperCase(Locale.ROOT))) {
                unknown.add(unknownVariable(e.getKey()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(unknown);
        }
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("sfsync.") || name.startsWith("camel.")) {
                merged.setProperty(name, system.getProperty(name));
            }
        }
        return merged;
    }

    /** A mistyped variable would otherwise be dropped and its default (often: the emulator) used instead. */
    private static String unknownVariable(String name) {
        List<String> names = ConfigCatalogue.names().stream().map(ConfigLoader::envNameOf).toList();
        String near = Suggest.nearest(name.toUpperCase(Locale.ROOT), names);
        return "unknown environment variable " + name
                + (near != null ? " (did you mean " + near + "?)" : "")
                + "; every SFSYNC_* variable must name a key of docs/configuration.md"
                + " (sfsync.salesforce.login-url is SFSYNC_SALESFORCE_LOGIN_URL): rename or unset it";
    }

    public static Properties load(Path configFile) {
        return load(configFile, System.getenv(), System.getProperties());
    }

    /**
     * Maps {@code SFSYNC_SALESFORCE_LOGIN_URL} to the documented key {@code sfsync.salesforce.login-url}.
     * Underscores stand for both dots and dashes, so the documented keys are looked up
     * rather than guessed. Null for an {@code SFSYNC_*} name that is no key (the caller reports it).
     */
    static String propertyKeyOf(String envName, Properties known) {
        String wanted = envName.toUpperCase(Locale.ROOT);
        if (wanted.startsWith("SFSYNC_")) {
            for (String key : ConfigCatalogue.names()) {
                if (envNameOf(key).equals(wanted)) {
                    return key;
                }
            }
            return null;
        }
        if (wanted.startsWith("CAMEL_")) {
            // Camel's own keys (CAMEL_SERVER_PORT is camel.server.port); a key we set by default
            // keeps its exact spelling, any other follows Camel's convention of dots.
            for (String key : known.stringPropertyNames()) {
                if (key.startsWith("camel.") && envNameOf(key).equals(wanted)) {
                    return key;
                }
            }
            return wanted.toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }

    public static String envNameOf(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
