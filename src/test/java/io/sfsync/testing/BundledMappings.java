package io.sfsync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the bundled mappings for tests that need one of them changed. */
public final class BundledMappings {

    /**
     * The Task mapping before reminder tasks (issue #13): every field pulled as Salesforce holds it, every record read
     * by the first pull. For tests about pulling every object the same way (REST against Bulk API, HSQLDB against
     * PostgreSQL), which compare the rows with Salesforce's records field by field.
     */
    public static final String PULL_ONLY_TASK = """
            object: Task
            table: task
            id-column: sfdc_id
            fields:
              - { sf: Subject,      column: subject,       direction: pull }
              - { sf: ActivityDate, column: activity_date, direction: pull }
              - { sf: Status,       column: status,        direction: pull }
              - { sf: Priority,     column: priority,      direction: pull }
              - { sf: TaskSubtype,  column: task_subtype,  direction: pull }
              - { sf: Description,  column: description,   direction: pull }
              - { sf: WhoId,        column: sfdc_who_id,   direction: pull }
              - { sf: WhatId,       column: sfdc_what_id,  direction: pull }
              - { sf: OwnerId,      column: sfdc_owner_id, direction: pull }
            links:
              - { column: person_id, from: sfdc_who_id, to: person }
            """;

    private BundledMappings() {
    }

    /** The bundled mappings in {@code dir}, with the pull-only Task mapping ({@link #PULL_ONLY_TASK}); returns dir. */
    public static Path withPullOnlyTask(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("task.yaml"), PULL_ONLY_TASK);
        return dir;
    }
}
