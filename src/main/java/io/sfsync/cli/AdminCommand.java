package io.sfsync.cli;

import io.sfsync.admin.auth.AdminUsers;
import io.sfsync.config.ConfigException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sfsync admin hash-password}: the bcrypt hash of a password, for {@code sfsync.admin.users}. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administrators of the admin HTTP server (sfsync.admin.users, sfsync.admin.users-file).",
        subcommands = AdminCommand.HashPassword.class)
public final class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Reads a password (at a prompt that does not show it, or the first line of standard input)",
                "and prints its bcrypt hash, for a users entry: name:hash in sfsync.admin.users",
                "(SFSYNC_ADMIN_USERS) or a line of the sfsync.admin.users-file."})
    static final class HashPassword implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String password = read();
            try {
                spec.commandLine().getOut().println(AdminUsers.hash(password, AdminUsers.COST));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("admin hash-password: " + e.getMessage() + "; choose another password");
            }
            return 0;
        }

        private static String read() throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password: ");
                char[] again = console.readPassword("Repeat it: ");
                if (first == null || !Arrays.equals(first, again)) {
                    throw new ConfigException("admin hash-password: the two passwords differ; nothing printed");
                }
                return new String(first);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        }
    }
}
