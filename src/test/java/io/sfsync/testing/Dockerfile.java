package io.sfsync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a Dockerfile's final stage that the image's checks and the benchmarks need. */
public final class Dockerfile {

    public List<String> entrypoint = List.of();
    public List<String> cmd = List.of();
    public List<String> healthcheck = List.of();
    public List<String> volumes = List.of();
    public final List<String> runs = new ArrayList<>();
    public final Map<String, String> env = new HashMap<>();
    public String user = "";

    private Dockerfile() {
    }

    public List<String> command() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(cmd);
        return all;
    }

    public static Dockerfile read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\\\\\r?\\n", " ");
        Dockerfile d = new Dockerfile();
        for (String line : text.lines().map(String::trim).toList()) {
            if (line.startsWith("FROM ")) {
                d = new Dockerfile(); // each FROM starts a stage; the last stage is the image
            } else if (line.startsWith("ENTRYPOINT ")) {
                d.entrypoint = Arrays.asList(json.readValue(line.substring(11), String[].class));
            } else if (line.startsWith("CMD ")) {
                d.cmd = Arrays.asList(json.readValue(line.substring(4), String[].class));
            } else if (line.startsWith("VOLUME ")) {
                d.volumes = Arrays.asList(json.readValue(line.substring(7), String[].class));
            } else if (line.startsWith("RUN ")) {
                d.runs.add(line.substring(4).trim());
            } else if (line.startsWith("USER ")) {
                d.user = line.substring(5).trim();
            } else if (line.startsWith("HEALTHCHECK ")) {
                int at = line.indexOf("CMD ");
                d.healthcheck = Arrays.asList(json.readValue(line.substring(at + 4), String[].class));
            } else if (line.startsWith("ENV ")) {
                Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(line.substring(4));
                while (m.find()) {
                    d.env.put(m.group(1), m.group(2));
                }
            }
        }
        return d;
    }
}
