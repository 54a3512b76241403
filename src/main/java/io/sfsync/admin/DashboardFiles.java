package io.sfsync.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files (src/main/resources/dashboard/), served by routes/admin/dashboard.camel.yaml: the request path
 * is turned into the name of a resource under {@code dashboard/} of the classpath and nothing else, so no request
 * reads another resource of the jar or a file of the machine.
 */
public final class DashboardFiles {

    static final String ROOT = "dashboard/";
    static final String PREFIX = "/dashboard";
    /** Names the dashboard uses: letters, digits, '-', '_', '.' in '/'-separated segments, none starting with '.'. */
    private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public DashboardFiles() {
        this(DashboardFiles.class.getClassLoader());
    }

    DashboardFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The resource a request path names: {@code /dashboard/} and {@code /dashboard/index.html} the page,
     * {@code /dashboard/js/log.js} {@code dashboard/js/log.js}.
     *
     * @throws BadParameterException for a path with {@code ..}, a backslash, a hidden name or other characters
     *     the dashboard's names do not use (400)
     * @throws NotFoundException for a path outside {@code /dashboard/} or a file the dashboard does not have (404)
     */
    public String resource(String requestPath) {
        String path = requestPath == null ? "" : requestPath;
        if (!path.startsWith(PREFIX + "/")) {
            throw new NotFoundException("the dashboard has no file at '" + path + "'; open /dashboard/");
        }
        String relative = path.substring(PREFIX.length() + 1);
        if (relative.isEmpty()) {
            relative = "index.html";
        }
        if (relative.contains("..") || relative.contains("\\") || relative.contains("//") || !SAFE.matcher(relative).matches()) {
            throw new BadParameterException("the dashboard's file names are letters, digits, '-', '_' and '.' "
                    + "in '/'-separated parts, without '..'; got '" + path + "'");
        }
        String name = ROOT + relative;
        if (type(name) == null || loader.getResource(name) == null) {
            throw new NotFoundException("the dashboard has no file at '" + path + "'; open /dashboard/");
        }
        return name;
    }

    /** The bytes of a file of the dashboard (read once, then kept: the jar does not change while it runs). */
    public byte[] body(String requestPath) {
        return cache.computeIfAbsent(resource(requestPath), this::read);
    }

    /** The Content-Type of the file a request path names. */
    public String contentType(String requestPath) {
        return type(resource(requestPath));
    }

    private static String type(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private byte[] read(String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new NotFoundException("the dashboard has no file '" + name + "'");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's file " + name + " from the classpath", e);
        }
    }
}
