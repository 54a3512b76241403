package io.sfsync.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;

/** HTTPS for the emulator: a JDK {@link HttpsServer} with the self-signed certificate generated at start. */
final class Tls {

    private Tls() {
    }

    static HttpsServer httpsServer(InetSocketAddress address, SelfSignedCertificate certificate) throws IOException {
        HttpsServer server = HttpsServer.create(address, 128);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        return server;
    }

    static SelfSignedCertificate require(SelfSignedCertificate tls) {
        if (tls == null) {
            throw new IllegalStateException("the emulator was started without HTTPS (EmulatorConfig.withHttps(true))");
        }
        return tls;
    }
}
