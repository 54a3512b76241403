package io.sfsync.emulator.http;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS for the emulator: the self-signed certificate generated at start, served by Jetty's TLS connector. */
public final class Tls {

    private Tls() {
    }

    public static SslContextFactory.Server sslContextFactory(SelfSignedCertificate certificate) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(certificate.serverContext());
        return factory;
    }

    public static SelfSignedCertificate require(SelfSignedCertificate tls) {
        if (tls == null) {
            throw new IllegalStateException("the emulator was started without HTTPS (EmulatorConfig.withHttps(true))");
        }
        return tls;
    }
}
