package io.sfsync.admin.auth;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The administrators of the admin HTTP server (L6): user names and bcrypt hashes of their passwords, from
 * {@code sfsync.admin.users} ({@code name:hash[,name:hash...]}) and the file {@code sfsync.admin.users-file}
 * (one {@code name:hash} a line, {@code #} comments). No password or hash ever appears in a message: an entry
 * that is not {@code name:bcrypt-hash} may hold a password typed in by mistake.
 */
public final class AdminUsers {

    public static final String USERS_KEY = "sfsync.admin.users";
    public static final String USERS_FILE_KEY = "sfsync.admin.users-file";
    /** The cost of the hashes {@code admin hash-password} makes: 2^10 rounds, about 0.1 s a check. */
    public static final int COST = 10;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern NAME = Pattern.compile("[^\\s:,#]+");
    /**
     * Checked against when the user is unknown, so an unknown name takes as long to refuse as a wrong password: a hash
     * of cost {@value #COST} made once, not at every start of every process (about 0.1 s each time).
     */
    static final String UNKNOWN_USER_HASH = "$2a$10$P5U1F5uk/btHUBcBSbCfxODd6h1XSwSeG7eKW95.3rHtv.x7VPbKy";
    private static final String HOW_TO_HASH = "make the hash with: java -jar sfsync.jar admin hash-password";

    private final Map<String, String> hashes;

    private AdminUsers(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    /** The users of both keys; every malformed entry is reported at once, each naming its key or file and line. */
    public static AdminUsers load(SfsyncSettings settings) {
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String file = settings.get(USERS_FILE_KEY);
        if (!file.isEmpty()) {
            Path path = Path.of(file);
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("configuration key '" + USERS_FILE_KEY + "': cannot read " + path.toAbsolutePath()
                        + " (" + e.getClass().getSimpleName() + "); point it at a file of name:bcrypt-hash lines");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    add(line, path.toAbsolutePath() + " line " + (i + 1) + " (" + USERS_FILE_KEY + ")", hashes, where, problems);
                }
            }
        }
        String[] entries = settings.get(USERS_KEY).split(",");
        for (int i = 0; i < entries.length; i++) {
            if (!entries[i].isBlank()) {
                add(entries[i].trim(), "configuration key '" + USERS_KEY + "' entry " + (i + 1), hashes, where, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AdminUsers(hashes);
    }

    private static void add(String entry, String at, Map<String, String> hashes, Map<String, String> where,
                            List<String> problems) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? "" : entry.substring(0, colon).trim();
        String hash = colon < 0 ? "" : entry.substring(colon + 1).trim();
        if (colon < 0 || !NAME.matcher(name).matches()) {
            problems.add(at + ": not name:bcrypt-hash (a user name without spaces, ':' or ',', then ':' and the hash); "
                    + HOW_TO_HASH);
        } else if (!BCRYPT.matcher(hash).matches()) {
            problems.add(at + ": user '" + name + "': what follows the name is not a bcrypt hash ($2a$, $2b$ or $2y$, "
                    + "60 characters; never the password itself); " + HOW_TO_HASH);
        } else if (hashes.containsKey(name)) {
            problems.add(at + ": user '" + name + "' is defined twice (also at " + where.get(name) + "); keep one");
        } else {
            hashes.put(name, hash);
            where.put(name, at);
        }
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public int size() {
        return hashes.size();
    }

    /** True when {@code password} is the user's; bcrypt compares in constant time, and an unknown user costs the same. */
    public boolean verify(String user, String password) {
        String hash = hashes.get(user);
        boolean match = BCrypt.checkpw(password, hash != null ? hash : UNKNOWN_USER_HASH);
        return hash != null && match;
    }

    /** A bcrypt hash of {@code password} with a new salt, for a users entry. */
    public static String hash(String password, int cost) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("the password is longer than 72 bytes, more than bcrypt uses");
        }
        return BCrypt.hashpw(password, BCrypt.gensalt(cost));
    }
}
