package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static io.sfsync.emulator.org.OrgRules.get;
import static io.sfsync.emulator.org.OrgRules.set;

/**
 * Task and Event derived fields: a Task's IsClosed, CompletedDateTime, IsHighPriority and TaskSubtype; an Event's
 * start, end, duration and dates (all-day events included); both get the AccountId of their What or Who.
 */
final class ActivityRules {

    private final EmulatorOrg org;

    ActivityRules(EmulatorOrg org) {
        this.org = org;
    }

    void task(SObjectDef def, Object[] row, Object[] old, boolean create) {
        boolean closed = "Completed".equals(get(def, row, "Status"));
        boolean wasClosed = old != null && Boolean.TRUE.equals(get(def, old, "IsClosed"));
        set(def, row, "IsClosed", closed);
        if (closed && !wasClosed) {
            set(def, row, "CompletedDateTime", org.clock().nowMillis());
        } else if (!closed) {
            set(def, row, "CompletedDateTime", null);
        }
        set(def, row, "IsHighPriority", "High".equals(get(def, row, "Priority")));
        if (create && get(def, row, "TaskSubtype") == null) {
            set(def, row, "TaskSubtype", "Task");
        }
        set(def, row, "AccountId", accountOf((String) get(def, row, "WhatId"), (String) get(def, row, "WhoId")));
    }

    void event(SObjectDef def, Object[] row, Set<String> written, boolean create) {
        if (create && get(def, row, "EventSubtype") == null) {
            set(def, row, "EventSubtype", "Event");
        }
        set(def, row, "AccountId", accountOf((String) get(def, row, "WhatId"), (String) get(def, row, "WhoId")));
        boolean allDay = Boolean.TRUE.equals(get(def, row, "IsAllDayEvent"));
        Long start;
        if (allDay) {
            LocalDate day = (LocalDate) get(def, row, "ActivityDate");
            if (day == null && get(def, row, "StartDateTime") instanceof Long s) {
                day = java.time.Instant.ofEpochMilli(s).atZone(ZoneOffset.UTC).toLocalDate();
            }
            if (day == null) {
                throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [ActivityDate]",
                        List.of("ActivityDate"));
            }
            start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } else {
            start = written.contains("ActivityDateTime") && !written.contains("StartDateTime")
                    ? (Long) get(def, row, "ActivityDateTime") : (Long) get(def, row, "StartDateTime");
            if (start == null) {
                start = (Long) get(def, row, "ActivityDateTime");
            }
            if (start == null) {
                throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING",
                        "Required fields are missing: [ActivityDateTime]", List.of("ActivityDateTime"));
            }
        }
        Long end = (Long) get(def, row, "EndDateTime");
        Integer duration = (Integer) get(def, row, "DurationInMinutes");
        if (written.contains("DurationInMinutes") && duration != null) {
            end = start + duration * 60_000L;
        } else if (end != null && (written.contains("EndDateTime") || duration == null)) {
            duration = (int) ((end - start) / 60_000L);
        } else if (duration != null) {
            end = start + duration * 60_000L;
        } else if (allDay) {
            duration = 1440;
            end = start + duration * 60_000L;
        } else {
            throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING",
                    "Required fields are missing: [DurationInMinutes]", List.of("DurationInMinutes"));
        }
        if (end < start) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION",
                    "End Date Time: End date can't be before the start date", List.of("EndDateTime"));
        }
        set(def, row, "StartDateTime", start);
        set(def, row, "ActivityDateTime", allDay ? null : start);
        set(def, row, "ActivityDate", java.time.Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate());
        set(def, row, "EndDateTime", end);
        set(def, row, "EndDate", java.time.Instant.ofEpochMilli(end).atZone(ZoneOffset.UTC).toLocalDate());
        set(def, row, "DurationInMinutes", duration);
    }

    /** AccountId of an activity: the What's account (Account itself or an Opportunity's), else a Contact Who's. */
    private String accountOf(String whatId, String whoId) {
        if (whatId != null) {
            if (whatId.startsWith("001")) {
                return SfIds.to18(whatId);
            }
            if (whatId.startsWith("006")) {
                return (String) field("Opportunity", whatId, "AccountId");
            }
        }
        if (whoId != null && whoId.startsWith("003")) {
            return (String) field("Contact", whoId, "AccountId");
        }
        return null;
    }

    private Object field(String object, String id, String field) {
        ObjectStore s = org.store(object);
        Object[] r = org.row(s, id);
        return r == null ? null : get(s.def, r, field);
    }
}
