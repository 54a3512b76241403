package io.sfsync.salesforce;

import io.sfsync.config.ConfigException;

/**
 * Salesforce answered and refused the login (invalid_grant, invalid_client, ...): the credentials in
 * the configuration are wrong. A configuration mistake, yet the service waits and retries, because a
 * password is often fixed (or an IP range allowed) in Salesforce rather than in sfsync.
 */
public class LoginRefusedException extends ConfigException {
    public LoginRefusedException(String message) {
        super(message);
    }
}
