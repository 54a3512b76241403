package io.sfsync.emulator;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS for the emulator: the self-signed certificate generated at start, served by Jetty's TLS connector. */
final class Tls {

    private Tls() {
    }

    static SslContextFactory.Server sslContextFactory(SelfSignedCertificate certificate) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(certificate.serverContext());
        return factory;
    }

    static SelfSignedCertificate require(SelfSignedCertificate tls) {
        if (tls == null) {
            throw new IllegalStateException("the emulator was started without HTTPS (EmulatorConfig.withHttps(true))");
        }
        return tls;
    }
}
