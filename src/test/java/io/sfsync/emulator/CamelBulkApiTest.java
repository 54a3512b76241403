package io.sfsync.emulator;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk API 2.0 through camel-salesforce's bulk2* operations, as a route would use them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamelBulkApiTest {

    private EmulatorServer server;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(1200, 0));
        camel = EmulatorHttp.camel(server, AuthenticationType.CLIENT_CREDENTIALS);
        template = camel.createProducerTemplate();
    }

    @AfterAll
    void stop() throws Exception {
        camel.close();
        server.close();
    }

    private static String text(Object body) throws Exception {
        return body instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : body.toString();
    }

    @Test
    void queries_all_leads_through_a_query_job_following_the_locators() throws Exception {
        int leads = server.org().count("Lead");
        QueryJob request = new QueryJob();
        request.setOperation(OperationEnum.QUERY);
        request.setQuery("SELECT Id, FirstName, LastName, Company FROM Lead");
        QueryJob created = template.requestBody("salesforce:bulk2CreateQueryJob", request, QueryJob.class);
        assertThat(created.getId()).startsWith("750");
        assertThat(created.getState()).isEqualTo(JobStateEnum.UPLOAD_COMPLETE);

        QueryJob info = template.requestBodyAndHeader("salesforce:bulk2GetQueryJob", null, "jobId", created.getId(), QueryJob.class);
        assertThat(info.getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        assertThat(info.getNumberRecordsProcessed()).isEqualTo((long) leads);
        assertThat(info.getCreatedDate()).isNotNull();

        int rows = 0;
        int pages = 0;
        String locator = null;
        do {
            Map<String, Object> headers = new HashMap<>();
            headers.put("jobId", created.getId());
            headers.put("maxRecords", 500);
            if (locator != null) {
                headers.put("locator", locator);
            }
            Exchange answer = template.request("salesforce:bulk2GetQueryJobResults", e -> e.getIn().setHeaders(headers));
            assertThat(answer.getException()).isNull();
            String csv = text(answer.getMessage().getBody());
            String[] lines = csv.split("\n");
            assertThat(lines[0]).isEqualTo("\"Id\",\"FirstName\",\"LastName\",\"Company\"");
            assertThat(answer.getMessage().getHeader("Sforce-NumberOfRecords", String.class))
                    .isEqualTo(Integer.toString(lines.length - 1));
            rows += lines.length - 1;
            locator = answer.getMessage().getHeader("Sforce-Locator", String.class);
            pages++;
        } while (!"null".equals(locator));
        assertThat(rows).isEqualTo(leads);
        assertThat(pages).isEqualTo(3);
        assertThat(server.org().apiCallsByEndpoint()).containsKey("jobs/query");
    }

    @Test
    void inserts_leads_through_an_ingest_job_and_reads_the_results() throws Exception {
        Job request = new Job();
        request.setObject("Lead");
        request.setOperation(OperationEnum.INSERT);
        Job job = template.requestBody("salesforce:bulk2CreateJob", request, Job.class);
        assertThat(job.getState()).isEqualTo(JobStateEnum.OPEN);

        String csv = "LastName,Company,Email\nCamel,Apache,camel@apache.org\nNoCompany,,\n";
        template.requestBodyAndHeader("salesforce:bulk2CreateBatch",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "jobId", job.getId());
        Job closed = template.requestBodyAndHeader("salesforce:bulk2CloseJob", null, "jobId", job.getId(), Job.class);
        assertThat(closed.getState()).isEqualTo(JobStateEnum.UPLOAD_COMPLETE);

        Job done = template.requestBodyAndHeader("salesforce:bulk2GetJob", null, "jobId", job.getId(), Job.class);
        assertThat(done.getState()).isEqualTo(JobStateEnum.JOB_COMPLETE);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(2L);
        assertThat(done.getNumberRecordsFailed()).isEqualTo(1L);

        String ok = text(template.requestBodyAndHeader("salesforce:bulk2GetSuccessfulResults", null, "jobId", job.getId()));
        String id = ok.split("\n")[1].substring(1, 19);
        assertThat(server.org().get("Lead", id)).get().extracting(m -> m.get("Email")).isEqualTo("camel@apache.org");
        String failed = text(template.requestBodyAndHeader("salesforce:bulk2GetFailedResults", null, "jobId", job.getId()));
        assertThat(failed).contains("REQUIRED_FIELD_MISSING:Required fields are missing: [Company]:Company --");
        String unprocessed = text(template.requestBodyAndHeader("salesforce:bulk2GetUnprocessedRecords", null, "jobId", job.getId()));
        assertThat(unprocessed).isEqualTo("\"LastName\",\"Company\",\"Email\"\n");
    }
}
