package io.sfsync.cli;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code sfsync emulator}: runs the local Salesforce REST API emulator until the process is stopped. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Runs a local Salesforce org emulator (REST API: OAuth token, query/queryMore/queryAll,",
            "describe, sObject CRUD, limits) seeded with deterministic demo Leads and Contacts.",
            "Point the sync's Salesforce loginUrl at the printed URL. Stop with Ctrl+C."},
        subcommands = EmulatorAdminCommand.class)
public final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "7070", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = EmulatorConfig.DEFAULT_HOST, description = "Interface to bind. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--seed-leads", defaultValue = "300", paramLabel = "N", description = "Demo Leads created at start. Default: ${DEFAULT-VALUE}")
    int seedLeads;

    @Option(names = "--seed-contacts", defaultValue = "200", paramLabel = "N", description = "Demo Contacts created at start. Default: ${DEFAULT-VALUE}")
    int seedContacts;

    @Option(names = "--username", defaultValue = EmulatorConfig.DEFAULT_USERNAME, description = "Login user name. Default: ${DEFAULT-VALUE}")
    String username;

    @Option(names = "--password", defaultValue = EmulatorConfig.DEFAULT_PASSWORD, description = "Login password. Default: ${DEFAULT-VALUE}")
    String password;

    @Option(names = "--client-id", defaultValue = EmulatorConfig.DEFAULT_CLIENT_ID, description = "OAuth client id (consumer key). Default: ${DEFAULT-VALUE}")
    String clientId;

    @Option(names = "--client-secret", defaultValue = EmulatorConfig.DEFAULT_CLIENT_SECRET, description = "OAuth client secret (consumer secret). Default: the demo secret")
    String clientSecret;

    @Option(names = "--schema", paramLabel = "FILE", description = "Extra schema file (JSON, same format as the bundled"
            + " schema.json) adding custom objects and fields, e.g. Invoice__c or Lead.Score__c.")
    java.nio.file.Path schemaFile;

    @Option(names = "--https", description = "Serve HTTPS with a self-signed certificate (IP:127.0.0.1, DNS:localhost)"
            + " generated at start; its PKCS12 trust store is written to --trust-store.")
    boolean https;

    @Option(names = "--trust-store", paramLabel = "FILE", description = "Where --https writes the PKCS12 trust store"
            + " (password 'changeit') and, next to it, the certificate as PEM. Default: sfsync-emulator-truststore.p12"
            + " in the temporary directory")
    java.nio.file.Path trustStore;

    @Option(names = "--jwt-cert", paramLabel = "FILE", description = "Enables the JWT bearer flow: the connected app's"
            + " certificate (PEM, -----BEGIN CERTIFICATE-----) or RSA public key (-----BEGIN PUBLIC KEY-----)")
    java.nio.file.Path jwtCert;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final PrintStream out;
    private volatile EmulatorServer server;

    public EmulatorCommand() {
        this(System.out);
    }

    /** @param out where the start banner goes (tests capture it) */
    public EmulatorCommand(PrintStream out) {
        this.out = out;
    }

    /** The running server once {@link #call()} has started it (empty before and after). */
    public Optional<EmulatorServer> runningServer() {
        return Optional.ofNullable(server);
    }

    /** Makes a running {@link #call()} close the server and return 0 (the CLI itself runs until killed). */
    public void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws Exception {
        EmulatorConfig config = EmulatorConfig.defaults()
                .withHost(host)
                .withPort(port)
                .withSeed(seedLeads, seedContacts)
                .withCredentials(username, password)
                .withClient(clientId, clientSecret)
                .withSchemaFile(schemaFile)
                .withHttps(https);
        if (jwtCert != null) {
            config = config.withJwtCertificate(EmulatorSecurityFiles.readPublicKey(jwtCert));
        }
        EmulatorServer started = EmulatorServer.start(config);
        server = started;
        Thread hook = new Thread(() -> {
            started.close();
            stop.countDown();
        }, "sf-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Salesforce emulator listening on " + started.baseUrl());
        out.println("  login URL (loginUrl / instance_url): " + started.baseUrl());
        out.println("  username:  " + username);
        out.println("  password:  " + password);
        out.println("  client id: " + clientId + "   (client secret: as configured, not printed)");
        out.println("  seeded:    " + started.org().count("Lead") + " Leads, " + started.org().count("Contact") + " Contacts");
        out.println("  admin API: " + started.baseUrl() + "/_emulator/stats");
        if (https) {
            java.nio.file.Path store = trustStore != null ? trustStore
                    : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sfsync-emulator-truststore.p12");
            started.writeTrustStore(store, "changeit");
            java.nio.file.Path pem = store.resolveSibling(store.getFileName().toString().replaceFirst("\\.p12$", "") + ".pem");
            started.writeCertificatePem(pem);
            out.println("  trust store (PKCS12, password changeit): " + store.toAbsolutePath());
            out.println("  certificate (PEM): " + pem.toAbsolutePath());
        }
        if (jwtCert != null) {
            out.println("  JWT bearer flow: on (certificate " + jwtCert + ")");
        }
        out.println("Press Ctrl+C to stop.");
        out.flush();
        try {
            stop.await();
        } finally {
            server = null;
            started.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // JVM is already exiting
            }
        }
        return 0;
    }
}
