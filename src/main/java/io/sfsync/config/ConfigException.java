package io.sfsync.config;

/** A configuration mistake; the message names the key or file and what to do. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
