package io.sfsync.admin.auth;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.main.HttpServerConfigurationProperties;

/**
 * The admin HTTP server (camel.server.*) as Camel's own factory makes it, with {@link BasicAuthentication} in front
 * of every path when users are configured. Camel looks this factory up in the registry before its default one; the
 * server installs the handler before any route's and before it listens, so no request passes unchecked.
 */
public final class SecuredHttpServerFactory extends DefaultMainHttpServerFactory {

    private final AdminUsers users;

    public SecuredHttpServerFactory(AdminUsers users) {
        this.users = users;
    }

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        Service server = super.newHttpServer(camelContext, configuration);
        if (!users.isEmpty() && server instanceof MainHttpServer main) {
            AuthenticationConfigEntry entry = new AuthenticationConfigEntry();
            entry.setPath("/*");
            // the handler checks the users itself; Vert.x's provider interface is not used
            entry.setAuthenticationProviderFactory(vertx -> null);
            BasicAuthentication handler = new BasicAuthentication(users);
            entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
                @Override
                public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                    return handler;
                }
            });
            AuthenticationConfig auth = main.getConfiguration().getAuthenticationConfig();
            auth.getEntries().add(entry);
            auth.setEnabled(true);
        }
        return server;
    }
}
