package io.sfsync.emulator.soql;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.http.Http;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query page writer encodes bytes itself (it is the emulator's hot path); its output must be exactly what a
 * standard JSON generator (Jackson) writes for the same page, for any text a user can store.
 */
class QueryPageJsonTest {

    private static final String SOQL = "SELECT Id, Name, LastName, FirstName, Company, Title, Street, Description,"
            + " Owner.Name, AnnualRevenue, NumberOfEmployees, HasOptedOutOfEmail, ConvertedDate, CreatedDate,"
            + " Owner.Email, Email FROM Lead ORDER BY LastName";

    @Test
    void pages_are_byte_for_byte_what_jackson_writes_for_tricky_text() throws IOException {
        EmulatorOrg org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.create("Lead", lead("Quote \"and\" back\\slash", "tab\there, new\nline, return\r, bell\u0007, unit\u001f",
                "caf\u00e9 \u4e2d\u6587 \u20ac emoji \ud83d\ude00", 1.5e7, 12));
        org.create("Lead", lead("Plain", "ASCII only", "nothing to escape", 12345.5, 0));
        org.create("Lead", lead("Slash / and <html> & 'single'", "\u007f delete, \u0080 c1, \u00ff y",
                "\u2028 line separator \ufeff bom", 0.1, 2_000_000));
        Map<String, Object> sparse = new LinkedHashMap<>();
        sparse.put("LastName", "Zz sparse");
        sparse.put("Company", "Nulls Inc");
        org.create("Lead", sparse);

        EmulatorOrg.QueryPage page = org.query(SOQL, false, 2);
        assertThat(page.done()).isFalse();
        assertSameAsJackson(page, "query");
        EmulatorOrg.QueryPage last = org.queryMore(page.nextLocator());
        assertThat(last.done()).isTrue();
        assertSameAsJackson(last, "query");

        JsonNode parsed = Http.MAPPER.readTree(render(page, "query"));
        JsonNode first = parsed.get("records").get(0);
        assertThat(first.get("Company").asText()).isEqualTo("Plain");
        assertThat(parsed.get("records").get(1).get("Company").asText())
                .isEqualTo("Quote \"and\" back\\slash");
        assertThat(parsed.get("records").get(1).get("Description").asText())
                .isEqualTo("caf\u00e9 \u4e2d\u6587 \u20ac emoji \ud83d\ude00");
        assertThat(first.get("Owner").get("attributes").get("type").asText()).isEqualTo("User");
    }

    @Test
    void a_value_longer_than_the_buffer_is_written_whole() throws IOException {
        EmulatorOrg org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        String longText = "\"x\u00e9\n".repeat(8_000); // 32,000 characters, escapes and two-byte characters
        org.create("Lead", lead("Long", "title", longText, 1.0, 1));
        EmulatorOrg.QueryPage page = org.query(SOQL, false, 2000);
        assertSameAsJackson(page, "query");
        assertThat(Http.MAPPER.readTree(render(page, "query")).get("records").get(0).get("Description").asText())
                .isEqualTo(longText);
    }

    private static Map<String, Object> lead(String company, String title, String description, double revenue,
                                            int employees) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LastName", company.substring(0, 4) + " " + employees);
        m.put("FirstName", "F\u00eblix");
        m.put("Company", company);
        m.put("Title", title);
        m.put("Street", title + "\n2nd line");
        m.put("Description", description);
        m.put("AnnualRevenue", revenue);
        m.put("NumberOfEmployees", employees);
        m.put("Email", "a" + employees + "@example.com");
        return m;
    }

    private static void assertSameAsJackson(EmulatorOrg.QueryPage page, String resource) throws IOException {
        assertThat(new String(render(page, resource), StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(page, resource), StandardCharsets.UTF_8));
    }

    private static byte[] render(EmulatorOrg.QueryPage page, String resource) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new QueryPageJson(out, "62.0").write(page, resource);
        return out.toByteArray();
    }

    /** The reference: the same page through Jackson's generator, relationship fields grouped as Salesforce does. */
    private static byte[] jackson(EmulatorOrg.QueryPage page, String resource) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Http.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("totalSize", page.totalSize());
            g.writeBooleanField("done", page.done());
            if (!page.done()) {
                g.writeStringField("nextRecordsUrl", "/services/data/v62.0/" + resource + "/" + page.nextLocator());
            }
            g.writeArrayFieldStart("records");
            for (Object[] row : page.rows()) {
                g.writeStartObject();
                g.writeObjectFieldStart("attributes");
                g.writeStringField("type", page.object().name);
                g.writeStringField("url", "/services/data/v62.0/sobjects/" + page.object().name + "/"
                        + row[page.object().field("Id").index]);
                g.writeEndObject();
                writeColumns(g, page.columns(), row);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeColumns(JsonGenerator g, List<SelectColumn> columns, Object[] row) throws IOException {
        java.util.Set<String> written = new java.util.HashSet<>();
        for (SelectColumn c : columns) {
            if (!c.isRelationship()) {
                g.writeFieldName(c.field().name);
                Http.writeValue(g, c.field(), c.value().get(row));
                continue;
            }
            if (!written.add(c.relationshipName())) {
                continue;
            }
            g.writeFieldName(c.relationshipName());
            SelectColumn.ParentRow parent = c.parentRow().apply(row);
            if (parent == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeObjectFieldStart("attributes");
            g.writeStringField("type", parent.object().name);
            g.writeStringField("url", "/services/data/v62.0/sobjects/" + parent.object().name + "/"
                    + row[c.reference().index]);
            g.writeEndObject();
            for (SelectColumn o : columns) {
                if (o.isRelationship() && o.relationshipName().equals(c.relationshipName())) {
                    g.writeFieldName(o.field().name);
                    Http.writeValue(g, o.field(), o.value().get(row));
                }
            }
            g.writeEndObject();
        }
    }
}
