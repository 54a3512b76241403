package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Packing GETs into composite requests within Salesforce's limits, their bodies, and reading the answers back. */
class CompositeReadsTest {

    @Test
    void packs_in_order_at_most_twenty_five_subrequests_and_five_queries_a_request() {
        List<CompositeReads.Subrequest> subs = new ArrayList<>();
        for (int i = 0; i < 11; i++) { // per object: a describe, a query, a getDeleted; then one more query
            subs.add(CompositeReads.get("d" + i, "/services/data/v62.0/sobjects/O" + i + "/describe", Map.of(), Map.of()));
            subs.add(CompositeReads.query("q" + i, "62.0", "SELECT Id FROM O" + i));
            subs.add(CompositeReads.get("g" + i, "/services/data/v62.0/sobjects/O" + i + "/deleted/", Map.of(), Map.of()));
        }
        subs.add(CompositeReads.query("c", "62.0", "SELECT Id FROM Lead WHERE IsConverted = true"));

        List<List<CompositeReads.Subrequest>> requests = CompositeReads.pack(subs);

        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r).hasSizeLessThanOrEqualTo(CompositeReads.MAX_SUBREQUESTS);
            assertThat(r.stream().filter(CompositeReads.Subrequest::query)).hasSizeLessThanOrEqualTo(CompositeReads.MAX_QUERIES);
        });
        assertThat(requests.stream().flatMap(List::stream).toList()).isEqualTo(subs);
        assertThat(CompositeReads.pack(subs.subList(0, 30).stream().filter(s -> !s.query()).toList())).hasSize(1);
        assertThat(CompositeReads.pack(List.of())).isEmpty();
    }

    @Test
    void writes_get_subrequests_with_encoded_parameters_and_their_own_headers() {
        String body = CompositeReads.body(List.of(
                CompositeReads.query("q", "62.0", "SELECT Id FROM Lead WHERE Name = 'a&b'"),
                CompositeReads.get("g", "/services/data/v62.0/sobjects/Lead/deleted/",
                        new java.util.LinkedHashMap<>(Map.of("start", "2026-12-01T00:00:00Z")), Map.of()),
                CompositeReads.get("d", "/services/data/v62.0/sobjects/Lead/describe", Map.of(),
                        Map.of("If-Modified-Since", "Tue, 01 Dec 2026 00:00:00 GMT"))));

        assertThat(body).startsWith("{\"allOrNone\":false,\"compositeRequest\":[")
                .contains("\"url\":\"/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Lead%20WHERE%20Name%20%3D%20%27a%26b%27\"")
                .contains("\"url\":\"/services/data/v62.0/sobjects/Lead/deleted/?start=2026-12-01T00%3A00%3A00Z\"")
                .contains("\"httpHeaders\":{\"If-Modified-Since\":\"Tue, 01 Dec 2026 00:00:00 GMT\"}");
    }

    @Test
    void reads_each_answer_by_reference_with_its_status_headers_and_body() throws Exception {
        String answer = "{\"compositeResponse\":["
                + "{\"body\":{\"totalSize\":0,\"done\":true,\"records\":[]},\"httpHeaders\":{},\"httpStatusCode\":200,\"referenceId\":\"q\"},"
                + "{\"body\":null,\"httpHeaders\":{\"Last-Modified\":\"x\"},\"httpStatusCode\":304,\"referenceId\":\"d\"},"
                + "{\"body\":[{\"message\":\"No such column\",\"errorCode\":\"INVALID_FIELD\"}],\"httpHeaders\":{},"
                + "\"httpStatusCode\":400,\"referenceId\":\"e\"}]}";

        Map<String, CompositeReads.Answer> answers = CompositeReads.parse(
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));

        assertThat(answers).containsOnlyKeys("q", "d", "e");
        assertThat(new String(answers.get("q").body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"totalSize\":0,\"done\":true,\"records\":[]}");
        assertThat(answers.get("q").failed()).isFalse();
        assertThat(answers.get("d").failed()).isTrue();
        assertThat(answers.get("d").body()).isEmpty();
        assertThat(answers.get("d").headers()).containsEntry("Last-Modified", "x");
        assertThat(new String(answers.get("e").body(), StandardCharsets.UTF_8))
                .isEqualTo("[{\"message\":\"No such column\",\"errorCode\":\"INVALID_FIELD\"}]");
    }
}
