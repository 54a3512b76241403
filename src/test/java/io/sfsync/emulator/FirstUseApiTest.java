package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.sfsync.emulator.EmulatorHttp.V;
import static io.sfsync.emulator.EmulatorHttp.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** What clients other than camel-salesforce call at login and on first use: UserInfo, identity, Organization. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstUseApiTest {

    private EmulatorServer server;
    private EmulatorOrg org;
    private EmulatorHttp api;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0));
        org = server.org();
        api = new EmulatorHttp(server).login();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void userinfo_answers_the_openid_connect_claims_of_the_token_user() throws Exception {
        JsonNode u = ok(api.get("/services/oauth2/userinfo"));
        String id = server.baseUrl() + "/id/" + org.orgId() + "/" + org.userId();
        assertThat(u.get("sub").asText()).isEqualTo(id);
        assertThat(u.get("user_id").asText()).isEqualTo(org.userId());
        assertThat(u.get("organization_id").asText()).isEqualTo(org.orgId());
        assertThat(u.get("preferred_username").asText()).isEqualTo("sync@sfsync.local");
        assertThat(u.get("email").asText()).isEqualTo("sync@sfsync.local");
        assertThat(u.get("email_verified").asBoolean()).isTrue();
        assertThat(u.get("given_name").asText()).isEqualTo("Integration");
        assertThat(u.get("family_name").asText()).isEqualTo("Sync");
        assertThat(u.get("name").asText()).isEqualTo("Integration Sync");
        assertThat(u.get("active").asBoolean()).isTrue();
        assertThat(u.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        for (String f : List.of("nickname", "zoneinfo", "photos", "profile", "picture", "user_type", "language",
                "locale", "utcOffset")) {
            assertThat(u.has(f)).as(f).isTrue();
        }
        List<String> urls = new ArrayList<>();
        u.get("urls").fieldNames().forEachRemaining(urls::add);
        assertThat(urls).contains("enterprise", "metadata", "partner", "rest", "sobjects", "search", "query", "recent",
                "tooling_soap", "tooling_rest", "profile", "feeds", "groups", "users", "feed_items", "feed_elements",
                "custom_domain");
        assertThat(u.get("urls").get("rest").asText()).isEqualTo(server.baseUrl() + "/services/data/v{version}/");

        JsonNode identity = ok(api.get("/id/" + org.orgId() + "/" + org.userId()));
        assertThat(identity.get("id").asText()).isEqualTo(id);
        assertThat(identity.get("username").asText()).isEqualTo("sync@sfsync.local");
        assertThat(identity.get("urls").get("partner").asText()).contains("/services/Soap/u/{version}/");
    }

    @Test
    void userinfo_and_identity_refuse_a_missing_or_unknown_token_as_salesforce_does() throws Exception {
        EmulatorHttp anonymous = new EmulatorHttp(server);
        HttpResponse<String> missing = anonymous.get("/services/oauth2/userinfo");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo("Missing_OAuth_Token");
        HttpResponse<String> bad = anonymous.send(anonymous.req("/services/oauth2/userinfo")
                .header("Authorization", "Bearer 00Dnope").GET());
        assertThat(bad.statusCode()).isEqualTo(403);
        assertThat(bad.body()).isEqualTo("Bad_OAuth_Token");
        HttpResponse<String> otherUser = api.get("/id/" + org.orgId() + "/005000000000000AAA");
        assertThat(otherUser.statusCode()).isEqualTo(404);
        assertThat(otherUser.body()).isEqualTo("Bad_Id");
    }

    @Test
    void organization_is_one_read_only_record_with_the_org_id() throws Exception {
        String soql = "SELECT Id, Name, InstanceName, IsSandbox, TrialExpirationDate, NamespacePrefix, OrganizationType"
                + " FROM Organization";
        JsonNode page = ok(api.get(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)));
        assertThat(page.get("totalSize").asInt()).isEqualTo(1);
        JsonNode o = page.get("records").get(0);
        assertThat(o.get("Id").asText()).isEqualTo(org.orgId());
        assertThat(o.get("attributes").get("type").asText()).isEqualTo("Organization");
        assertThat(o.get("IsSandbox").asBoolean()).isFalse();
        assertThat(o.get("OrganizationType").asText()).isEqualTo("Developer Edition");
        assertThat(o.get("TrialExpirationDate").isNull()).isTrue();
        assertThat(o.get("NamespacePrefix").isNull()).isTrue();
        assertThat(o.get("Name").asText()).isNotBlank();

        JsonNode describe = ok(api.get(V + "/sobjects/Organization/describe"));
        assertThat(describe.get("keyPrefix").asText()).isEqualTo("00D");
        assertThat(describe.get("createable").asBoolean()).isFalse();
        assertThat(describe.get("updateable").asBoolean()).isFalse();
        assertThat(describe.get("deletable").asBoolean()).isFalse();
        EmulatorHttp.assertError(api.patch(V + "/sobjects/Organization/" + org.orgId(), "{\"Name\":\"x\"}"), 400,
                "INVALID_TYPE_FOR_OPERATION");
        EmulatorHttp.assertError(api.post(V + "/sobjects/Organization", "{\"Name\":\"x\"}"), 400,
                "INVALID_TYPE_FOR_OPERATION");
    }

    @Test
    void describe_reports_the_system_audit_fields_as_not_nillable() throws Exception {
        for (String object : List.of("Lead", "Contact", "Account", "Organization")) {
            JsonNode fields = ok(api.get(V + "/sobjects/" + object + "/describe")).get("fields");
            for (JsonNode f : fields) {
                String name = f.get("name").asText();
                if (List.of("Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
                        "SystemModstamp").contains(name)) {
                    assertThat(f.get("nillable").asBoolean()).as(object + "." + name).isFalse();
                }
            }
        }
        JsonNode title = null;
        for (JsonNode f : ok(api.get(V + "/sobjects/Lead/describe")).get("fields")) {
            if (f.get("name").asText().equals("Title")) {
                title = f;
            }
        }
        assertThat(title).isNotNull();
        assertThat(title.get("nillable").asBoolean()).isTrue();
    }
    private HttpResponse<String> soapLogin(String username, String password) throws Exception {
        String envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soapenv:Envelope"
                + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:urn=\"urn:partner.soap.sforce.com\">"
                + "<soapenv:Body><urn:login><urn:username>" + username + "</urn:username><urn:password>" + password
                + "</urn:password></urn:login></soapenv:Body></soapenv:Envelope>";
        EmulatorHttp anonymous = new EmulatorHttp(server);
        return anonymous.send(anonymous.req("/services/Soap/u/62.0").header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "login").POST(java.net.http.HttpRequest.BodyPublishers.ofString(envelope)));
    }

    private static String element(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        assertThat(m.find()).as(name + " in " + xml).isTrue();
        return m.group(1);
    }

    @Test
    void soap_partner_login_answers_a_session_id_that_works_as_a_rest_bearer_token() throws Exception {
        HttpResponse<String> r = soapLogin("sync@sfsync.local", "sfsync");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        String xml = r.body();
        assertThat(xml).contains("<loginResponse>", "xmlns=\"urn:partner.soap.sforce.com\"");
        assertThat(element(xml, "serverUrl")).isEqualTo(server.baseUrl() + "/services/Soap/u/62.0/"
                + org.orgId().substring(0, 15));
        assertThat(element(xml, "metadataServerUrl")).startsWith(server.baseUrl() + "/services/Soap/m/62.0/");
        assertThat(element(xml, "passwordExpired")).isEqualTo("false");
        assertThat(element(xml, "sandbox")).isEqualTo("false");
        assertThat(element(xml, "userId")).isEqualTo(org.userId());
        assertThat(element(xml, "organizationId")).isEqualTo(org.orgId());
        assertThat(element(xml, "userName")).isEqualTo("sync@sfsync.local");
        assertThat(element(xml, "sessionSecondsValid")).isEqualTo("7200");

        EmulatorHttp soapSession = new EmulatorHttp(server);
        HttpResponse<String> query = soapSession.send(soapSession.req(V + "/query?q=SELECT+COUNT()+FROM+Lead")
                .header("Authorization", "Bearer " + element(xml, "sessionId")).GET());
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
    }

    @Test
    void soap_login_with_a_wrong_password_is_an_invalid_login_fault() throws Exception {
        HttpResponse<String> r = soapLogin("sync@sfsync.local", "wrong");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("<soapenv:Fault>", "<faultcode>sf:INVALID_LOGIN</faultcode>",
                "<faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring>",
                "<sf:exceptionCode>INVALID_LOGIN</sf:exceptionCode>");
    }
    @Test
    void query_with_columns_true_answers_the_column_metadata_with_relationships_as_join_columns() throws Exception {
        String soql = "SELECT Id, LastName, AnnualRevenue, Owner.Name, Owner.Email FROM Lead";
        JsonNode c = ok(api.get(V + "/query?columns=true&q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)));
        assertThat(c.get("entityName").asText()).isEqualTo("Lead");
        assertThat(c.get("keyPrefix").asText()).isEqualTo("00Q");
        assertThat(c.get("idSelected").asBoolean()).isTrue();
        assertThat(c.get("groupBy").asBoolean()).isFalse();
        assertThat(c.has("records")).isFalse();
        JsonNode columns = c.get("columnMetadata");
        assertThat(columns).extracting(n -> n.get("columnName").asText())
                .containsExactly("Id", "LastName", "AnnualRevenue", "Owner");
        assertThat(columns.get(0).toString()).isEqualTo("{\"aggregate\":false,\"apexType\":\"Id\",\"booleanType\":false,"
                + "\"columnName\":\"Id\",\"custom\":false,\"displayName\":\"Id\",\"foreignKeyName\":null,"
                + "\"insertable\":false,\"joinColumns\":[],\"numberType\":false,\"textType\":false,\"updatable\":false}");
        assertThat(columns.get(1).get("textType").asBoolean()).isTrue();
        assertThat(columns.get(1).get("insertable").asBoolean()).isTrue();
        assertThat(columns.get(2).get("apexType").asText()).isEqualTo("Double");
        assertThat(columns.get(2).get("numberType").asBoolean()).isTrue();
        JsonNode owner = columns.get(3);
        assertThat(owner.get("apexType").isNull()).isTrue();
        assertThat(owner.get("joinColumns")).extracting(n -> n.get("displayName").asText())
                .containsExactly("Owner.Name", "Owner.Email");

        EmulatorHttp.assertError(api.get(V + "/query?columns=true&q=" + URLEncoder.encode("SELECT Nope FROM Lead",
                StandardCharsets.UTF_8)), 400, "INVALID_FIELD");
    }

    @Test
    void describe_lists_the_child_relationships_that_subqueries_and_sobject_tree_use() throws Exception {
        // sf data export tree --plan links children to parents through describe's childRelationships
        JsonNode account = ok(api.get(V + "/sobjects/Account/describe")).get("childRelationships");
        assertThat(account).extracting(n -> n.get("relationshipName").asText())
                .contains("Contacts", "Opportunities", "ChildAccounts");
        JsonNode contacts = null;
        for (JsonNode r : account) {
            if (r.get("relationshipName").asText().equals("Contacts")) {
                contacts = r;
            }
        }
        assertThat(contacts.toString()).isEqualTo("{\"cascadeDelete\":false,\"childSObject\":\"Contact\","
                + "\"deprecatedAndHidden\":false,\"field\":\"AccountId\",\"junctionIdListNames\":[],"
                + "\"junctionReferenceTo\":[],\"relationshipName\":\"Contacts\",\"restrictedDelete\":false}");
        JsonNode lead = ok(api.get(V + "/sobjects/Lead/describe")).get("childRelationships");
        assertThat(lead).extracting(n -> n.get("childSObject").asText() + "." + n.get("field").asText() + " "
                + n.get("relationshipName").asText()).contains("Task.WhoId Tasks", "Event.WhoId Events");

        org.setObjectAccess("Opportunity", Access.HIDDEN);
        try {
            assertThat(ok(api.get(V + "/sobjects/Account/describe")).get("childRelationships"))
                    .extracting(n -> n.get("relationshipName").asText()).doesNotContain("Opportunities")
                    .contains("Contacts");
        } finally {
            org.setObjectAccess("Opportunity", Access.READ_WRITE);
        }
    }

    private JsonNode columns(String soql) throws Exception {
        return ok(api.get(V + "/query?columns=true&q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8)));
    }

    @Test
    void columns_true_answers_a_subquery_as_an_aggregate_column_with_its_fields_as_join_columns() throws Exception {
        // the Salesforce CLI lays out a column with aggregate=true and joinColumns as a subquery; without it,
        // sf data query fails with "Duplicate columns found: Id"
        JsonNode c = columns("SELECT Id, Name, (SELECT LastName, Owner.Name FROM Contacts) FROM Account");
        assertThat(c.get("idSelected").asBoolean()).isTrue();
        JsonNode columns = c.get("columnMetadata");
        assertThat(columns).extracting(n -> n.get("columnName").asText()).containsExactly("Id", "Name", "Contacts");
        JsonNode contacts = columns.get(2);
        assertThat(contacts.get("aggregate").asBoolean()).isTrue();
        assertThat(contacts.get("apexType").isNull()).isTrue();
        assertThat(contacts.get("joinColumns")).extracting(n -> n.get("columnName").asText())
                .containsExactly("LastName", "Owner");
        assertThat(contacts.get("joinColumns").get(1).get("joinColumns"))
                .extracting(n -> n.get("columnName").asText()).containsExactly("Name");
    }

    @Test
    void columns_true_answers_aggregates_as_aggregate_columns_displayed_as_written() throws Exception {
        JsonNode c = columns("SELECT LeadSource, COUNT(Id) n, MAX(AnnualRevenue) FROM Lead GROUP BY LeadSource");
        assertThat(c.get("groupBy").asBoolean()).isTrue();
        assertThat(c.get("idSelected").asBoolean()).isFalse();
        JsonNode columns = c.get("columnMetadata");
        assertThat(columns).extracting(n -> n.get("columnName").asText()).containsExactly("LeadSource", "n", "expr0");
        assertThat(columns).extracting(n -> n.get("displayName").asText())
                .containsExactly("LeadSource", "COUNT(Id)", "MAX(AnnualRevenue)");
        assertThat(columns).extracting(n -> n.get("aggregate").asBoolean()).containsExactly(false, true, true);
        assertThat(columns.get(1).get("apexType").asText()).isEqualTo("Integer");
        assertThat(columns.get(2).get("apexType").asText()).isEqualTo("Double");
        JsonNode ungrouped = columns("SELECT COUNT(Id) FROM Lead");
        assertThat(ungrouped.get("groupBy").asBoolean()).isFalse();
        assertThat(ungrouped.get("columnMetadata").get(0).get("displayName").asText()).isEqualTo("COUNT(Id)");
    }

    private JsonNode search(String sosl) throws Exception {
        return ok(api.get(V + "/search?q=" + URLEncoder.encode(sosl, StandardCharsets.UTF_8)));
    }

    @Test
    void sosl_finds_records_by_word_in_the_chosen_fields_and_answers_search_records() throws Exception {
        String lead = (String) org.create("Lead", java.util.Map.of("LastName", "Zebulon", "FirstName", "Ada",
                "Company", "Quokka Labs", "Email", "ada.zebulon@example.org", "Phone", "(415) 555-0199")).get("Id");
        String contact = (String) org.create("Contact", java.util.Map.of("LastName", "Zebulon", "Email",
                "z@other.example")).get("Id");
        org.create("Lead", java.util.Map.of("LastName", "Other", "Company", "Zebulon Works"));

        JsonNode byName = search("FIND {zebulon} IN NAME FIELDS RETURNING Lead(Id, LastName, Company), Contact(Id)");
        JsonNode records = byName.get("searchRecords");
        assertThat(records).extracting(r -> r.get("Id").asText()).containsExactly(lead, contact);
        assertThat(records.get(0).get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(records.get(0).get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Lead/" + lead);
        assertThat(records.get(0).get("LastName").asText()).isEqualTo("Zebulon");
        assertThat(records.get(1).has("LastName")).isFalse();

        assertThat(search("FIND {Zebulon} RETURNING Lead(LastName ORDER BY LastName)").get("searchRecords"))
                .extracting(r -> r.get("LastName").asText()).containsExactly("Other", "Zebulon");
        assertThat(search("FIND {Zebulon} IN ALL FIELDS RETURNING Lead(Id WHERE Company LIKE 'Quokka%')")
                .get("searchRecords")).hasSize(1);
        assertThat(search("FIND {ada.zebulon@example.org} IN EMAIL FIELDS RETURNING Lead, Contact")
                .get("searchRecords")).extracting(r -> r.get("Id").asText()).containsExactly(lead);
        assertThat(search("FIND {4155550199} IN PHONE FIELDS RETURNING Lead").get("searchRecords")).hasSize(1);
        assertThat(search("FIND {Zebu*} RETURNING Lead, Contact LIMIT 2").get("searchRecords")).hasSize(2);
        assertThat(search("FIND {nobody} RETURNING Lead").get("searchRecords")).isEmpty();

        JsonNode parameterized = ok(api.get(V + "/parameterizedSearch?q=Quokka&sobject=Lead&Lead.fields=Id,Company"));
        assertThat(parameterized.get("searchRecords")).extracting(r -> r.get("Company").asText())
                .containsExactly("Quokka Labs");

        EmulatorHttp.assertError(api.get(V + "/search?q=" + URLEncoder.encode("FIND zebulon RETURNING Lead",
                StandardCharsets.UTF_8)), 400, "MALFORMED_SEARCH");
        EmulatorHttp.assertError(api.get(V + "/search?q=" + URLEncoder.encode("SELECT Id FROM Lead",
                StandardCharsets.UTF_8)), 400, "MALFORMED_SEARCH");
        EmulatorHttp.assertError(api.get(V + "/search?q=" + URLEncoder.encode("FIND {zebulon} RETURNING Nope",
                StandardCharsets.UTF_8)), 400, "INVALID_TYPE");
    }
    @Test
    void the_resource_list_names_what_is_emulated_and_other_resources_answer_not_found() throws Exception {
        JsonNode versions = ok(new EmulatorHttp(server).get("/services/data/"));
        assertThat(versions).extracting(v -> v.get("version").asText()).contains("62.0");
        JsonNode resources = ok(api.get(V + "/"));
        List<String> names = new ArrayList<>();
        resources.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("composite", "jobs", "limits", "parameterizedSearch", "query", "queryAll",
                "search", "sobjects");
        assertThat(resources.get("search").asText()).isEqualTo(V + "/search");
        for (String missing : List.of("/tooling/query?q=SELECT+Id+FROM+ApexClass", "/recent", "/analytics/reports")) {
            EmulatorHttp.assertError(api.get(V + missing), 404, "NOT_FOUND");
        }
        // emulated, for POST only (CompositeApiTest)
        EmulatorHttp.assertError(api.get(V + "/composite/batch"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void a_path_with_empty_segments_reaches_the_same_resource_as_the_sf_cli_sends_it() throws Exception {
        // sf org login access-token stores the instance URL as "http://host:port/" and then asks "//services/data/..."
        JsonNode page = ok(api.get("/" + V + "/query?q=SELECT+Id,+Name+FROM+Organization"));
        assertThat(page.get("records").get(0).get("Id").asText()).isEqualTo(org.orgId());
        JsonNode versions = ok(api.get("//services//data/"));
        assertThat(versions.isArray()).isTrue();
        assertThat(versions.get(0).get("url").asText()).startsWith("/services/data/v");
        JsonNode created = ok(api.post("//" + V + "//sobjects/Lead/", "{\"LastName\":\"Slash\",\"Company\":\"Acme\"}"));
        assertThat(ok(api.get(V + "/sobjects/Lead/" + created.get("id").asText())).get("LastName").asText())
                .isEqualTo("Slash");
        EmulatorHttp.assertError(api.get("//" + V + "/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void apis_and_resources_that_are_not_emulated_answer_as_docs_emulator_md_lists_them() throws Exception {
        String account = ok(api.post(V + "/sobjects/Account", "{\"Name\":\"Not Emulated Inc\"}")).get("id").asText();
        for (String missing : List.of("/chatter/users/me", "/actions/standard", "/ui-api/object-info",
                "/sobjects/Account/quickActions", "/sobjects/Account/" + account + "/Contacts")) {
            EmulatorHttp.assertError(api.get(V + missing), 404, "NOT_FOUND");
        }
        // Bulk API 1.0, the Metadata API and the enterprise SOAP API
        EmulatorHttp.assertError(api.post("/services/async/62.0/job", "{\"operation\":\"insert\",\"object\":\"Lead\"}"),
                404, "NOT_FOUND");
        EmulatorHttp.assertError(api.post("/services/Soap/m/62.0", "<x/>"), 404, "NOT_FOUND");
        EmulatorHttp.assertError(api.post("/services/Soap/c/62.0", "<x/>"), 404, "NOT_FOUND");

        String session = element(soapLogin("sync@sfsync.local", "sfsync").body(), "sessionId");
        String envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soapenv:Envelope"
                + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:urn=\"urn:partner.soap.sforce.com\">"
                + "<soapenv:Header><urn:SessionHeader><urn:sessionId>" + session + "</urn:sessionId></urn:SessionHeader>"
                + "</soapenv:Header><soapenv:Body><urn:query><urn:queryString>SELECT Id FROM Lead</urn:queryString>"
                + "</urn:query></soapenv:Body></soapenv:Envelope>";
        EmulatorHttp anonymous = new EmulatorHttp(server);
        HttpResponse<String> query = anonymous.send(anonymous.req("/services/Soap/u/62.0")
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "query")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(envelope)));
        assertThat(query.statusCode()).isEqualTo(500);
        assertThat(query.body()).contains("<soapenv:Fault>", "<faultcode>sf:UNKNOWN_EXCEPTION</faultcode>");

        // OAuth flows other than password, client credentials and JWT bearer
        HttpResponse<String> refresh = anonymous.token("grant_type=refresh_token&client_id=sfsync-demo"
                + "&client_secret=sfsync-demo&refresh_token=x");
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttp.json(refresh).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> device = anonymous.token("grant_type=device&client_id=sfsync-demo&code=x");
        assertThat(EmulatorHttp.json(device).get("error").asText()).isEqualTo("unsupported_grant_type");
    }
}
