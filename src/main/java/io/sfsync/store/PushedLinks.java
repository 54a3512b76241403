package io.sfsync.store;

import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.ObjectMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A link with {@code direction: both} read the other way, before a push: the link's {@code from} column (a pushed
 * column, e.g. a task's {@code sfdc_who_id}) gets the Salesforce id of the row the link column points to (the task's
 * {@code person_id}), so that a row linked locally sends its parent's id (WhoId). With a {@code type-column} in the
 * target table, the id is that of the object the row's type names (a person of type Contact: its Contact id, also
 * when it was a Lead once); else the first id the row has. A parent without a Salesforce id changes nothing (the row
 * keeps its value; Push New holds such a row back). The write is a local change like any other (change capture logs
 * it), so a changed link is pushed. With several {@code from} columns (a campaign member's {@code sfdc_contact_id} and
 * {@code sfdc_lead_id}), each named as the id-column of one of the target's objects gets that object's id when the
 * linked row is of it, on rows not yet in Salesforce only (a member's ContactId and LeadId are set when it is created).
 * Names come from validated mapping files; values are bound.
 */
public final class PushedLinks {

    private PushedLinks() {
    }

    /** Writes the Salesforce ids of the linked rows into the {@code from} columns; returns how many rows changed. */
    public static int fill(Connection c, ObjectMapping child, Collection<ObjectMapping> all) throws SQLException {
        int changed = 0;
        for (LinkMapping link : child.links()) {
            if (!link.pushes()) {
                continue;
            }
            List<ObjectMapping> targets = new ArrayList<>();
            all.stream().filter(m -> m.table().equalsIgnoreCase(link.to())).forEach(targets::add);
            if (targets.isEmpty()) {
                continue;
            }
            boolean several = link.from().size() > 1;
            for (String from : link.from()) {
                List<String> types = new ArrayList<>();
                String id = several ? idOfType(targets, from, types) : parentId(targets, types);
                String resolved = "(SELECT " + id + " FROM " + link.to() + " p WHERE p.id = c." + link.column() + ")";
                String sql = "UPDATE " + child.table() + " c SET " + from + " = " + resolved + " WHERE c." + link.column()
                        + " IS NOT NULL AND " + resolved + " IS NOT NULL AND (c." + from + " IS NULL OR c." + from + " <> "
                        + resolved + ")"
                        // several ids (a campaign member's ContactId and LeadId): set on create only, as Salesforce does
                        + (several ? " AND c." + child.idColumn() + " IS NULL" : "");
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = 1;
                    for (int n = 0; n < 3; n++) {
                        for (String type : types) {
                            ps.setString(i++, type);
                        }
                    }
                    changed += ps.executeUpdate();
                }
            }
        }
        return changed;
    }

    /**
     * One of several {@code from} columns: the parent's id of the object whose id-column has the same name (a person's
     * {@code sfdc_lead_id} when its type is Lead), else the parent's id of its type.
     */
    private static String idOfType(List<ObjectMapping> targets, String from, List<String> types) {
        String typeColumn = targets.get(0).typeColumn();
        for (ObjectMapping m : targets) {
            if (m.idColumn().equalsIgnoreCase(from)) {
                if (typeColumn == null) {
                    return "p." + m.idColumn();
                }
                types.add(m.object());
                return "CASE WHEN UPPER(p." + typeColumn + ") = UPPER(?) THEN p." + m.idColumn() + " END";
            }
        }
        return parentId(targets, types);
    }

    /** The SQL of the parent row's Salesforce id; the object names it binds, in order, go into {@code types}. */
    private static String parentId(List<ObjectMapping> targets, List<String> types) {
        String typeColumn = targets.get(0).typeColumn();
        if (typeColumn == null) {
            List<String> ids = targets.stream().map(m -> "p." + m.idColumn()).distinct().toList();
            return ids.size() == 1 ? ids.get(0) : "COALESCE(" + String.join(", ", ids) + ")";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (ObjectMapping m : targets) {
            sql.append(" WHEN UPPER(p.").append(typeColumn).append(") = UPPER(?) THEN p.").append(m.idColumn());
            types.add(m.object());
        }
        return sql.append(" END").toString();
    }
}
