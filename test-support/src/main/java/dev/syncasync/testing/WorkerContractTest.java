package dev.syncasync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.server.WorkerServer;
import dev.syncasync.work.BadParameterException;
import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.QueryString;
import dev.syncasync.work.WorkRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The work contract both workers must answer identically, run against each: a subclass
 * starts its kind of worker on a free port; the errors it must produce come from the shared
 * contract code, byte for byte.
 *
 * @param <W> the worker type under test
 */
public abstract class WorkerContractTest<W extends WorkerServer> {

    protected static TestHttp http;
    protected W worker;

    /** Starts the worker under test on a free port. */
    protected abstract W start();

    @BeforeAll
    static void client() {
        http = new TestHttp();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    @BeforeEach
    void startWorker() {
        worker = start();
    }

    @AfterEach
    void stopWorker() {
        worker.shutdown(Duration.ofSeconds(10));
    }

    protected String url(String pathAndQuery) {
        return worker.url() + pathAndQuery;
    }

    @ParameterizedTest(name = "{0} is a 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
        "io=-1|io", "io=abc|io", "io=60001|io", "io=1.5|io", "io=|io", "io=1&io=2|io",
        "cpu=x|cpu", "db=-1|db", "db=60001|db", "db=0.2|db", "offload=maybe|offload", "oi=1000|oi", "io=1&cachebuster=7|cachebuster"})
    void an_invalid_parameter_is_a_400_naming_it(String query, String parameter) throws IOException {
        assertContractError(query, parameter);
    }

    @Test
    void an_unknown_path_is_a_404_naming_method_and_path() throws Exception {
        HttpResponse<String> response = http.get(url("/x"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.text(response.body(), "error")).isEqualTo("no route for GET /x");
        assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue(worker.id());
    }

    @Test
    void post_to_work_is_a_405_that_allows_only_get() throws Exception {
        HttpResponse<String> response = http.post(url("/work?io=1"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(TestHttp.text(response.body(), "error")).isEqualTo("method POST not allowed on /work, only GET");
    }

    /** {@code GET /work?query} is a 400 whose body is the contract's error naming {@code parameter}. */
    protected void assertContractError(String query, String parameter) throws IOException {
        TestHttp.Raw response = TestHttp.raw(worker.port(), "/work?" + query);

        assertThat(response.status()).isEqualTo(400);
        assertThat(TestHttp.text(response.body(), "parameter")).isEqualTo(parameter);
        assertThat(TestHttp.json(response.body())).isEqualTo(TestHttp.json(contractError(query)));
    }

    /** The 400 body the shared contract produces for {@code query}. */
    private static String contractError(String query) {
        try {
            WorkRequest.parse(QueryString.parse(query));
        } catch (BadParameterException e) {
            return e.toJson();
        }
        throw new AssertionError(query + " is a valid query");
    }
}
