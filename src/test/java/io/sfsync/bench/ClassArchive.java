package io.sfsync.bench;

import io.sfsync.testing.Dockerfile;
import io.sfsync.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * {@code sfsync run --once} started the way the container image starts it: sfsync's classes in a jar (the build's
 * {@code target/classes} packed, its libraries' jars beside it) and a class-data-sharing archive made the way the
 * Dockerfile makes one, by a first cycle against the bundled emulator with {@code -XX:ArchiveClassesAtExit} (the JVM
 * cannot archive classes read from a folder, hence the jar), with the other JVM options of the Dockerfile's
 * {@code ENTRYPOINT} ({@link #imageOptions}). Without the archive it is the same class path and those options.
 */
record ClassArchive(String classPath, Path archive) {

    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);

    /** Packs the classes, runs the Dockerfile's training cycle (its output in {@code logs}), and returns the result. */
    static ClassArchive make(Path dir, Path logs) throws Exception {
        Files.createDirectories(dir);
        Path jar = dir.resolve("sfsync-classes.jar");
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (Files.isDirectory(p)) {
                if (p.endsWith(Path.of("target", "classes"))) {
                    pack(p, jar);
                }
                continue; // test-classes: not the product's
            }
            entries.add(entry);
        }
        String classPath = String.join(File.pathSeparator, entries);
        Path archive = dir.resolve("sfsync.jsa");
        Path data = dir.resolve("training-data");
        List<String> command = EmulatorProcess.sfsyncCommand("512m", classPath,
                List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), "run", "--once");
        TimedProcess.run(command, env -> {
            env.keySet().removeIf(k -> k.startsWith("SFSYNC_") || k.startsWith("CAMEL_"));
            env.put("SFSYNC_DATA_DIR", data.toString());
            env.put("CAMEL_SERVER_PORT", String.valueOf(TestApp.freePort()));
        }, logs.resolve("class-archive-training.log"), TRAINING_TIMEOUT).checked();
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException("the training cycle wrote no class archive " + archive + "; see "
                    + logs.resolve("class-archive-training.log"));
        }
        return new ClassArchive(classPath, archive);
    }

    /** The JVM options that map the archive, then {@link #imageOptions}. */
    List<String> options() throws IOException {
        List<String> all = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
        all.addAll(imageOptions());
        return all;
    }

    /** The JVM options of the Dockerfile's {@code ENTRYPOINT} but its class archive's: the image's compiler thresholds. */
    static List<String> imageOptions() throws IOException {
        return Dockerfile.read(Path.of("Dockerfile")).entrypoint.stream()
                .filter(o -> o.startsWith("-X") && !o.startsWith("-XX:SharedArchiveFile=")).toList();
    }

    private static void pack(Path classes, Path jar) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                boolean folder = Files.isDirectory(f);
                // folders get entries too: Flyway finds its migrations by asking for their folder
                j.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
    }
}
