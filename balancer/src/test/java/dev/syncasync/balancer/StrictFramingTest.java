package dev.syncasync.balancer;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP/1.1 message framing at the edge (RFC 9112 sections 6.1 and 6.3): a request whose body
 * length is ambiguous is answered 400 and its connection closed, so nothing the client sent
 * after it (a smuggled request) is ever read as a request, let alone forwarded. Checked with
 * raw sockets against a worker that records every request line it receives.
 */
class StrictFramingTest {

    private static final String SMUGGLED = "GET /work?io=0&tag=smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    private BalancerRig rig;
    private RecordingWorker worker;

    @BeforeEach
    void start() throws IOException {
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        worker = new RecordingWorker();
        rig.balancer().addWorker(new WorkerInfo("recorder", Topology.SYNC, "127.0.0.1", worker.port(), 4));
    }

    @AfterEach
    void stop() throws IOException {
        rig.close();
        worker.close();
    }

    /** What came back on one connection: the first response, and whatever followed it before the close. */
    private record Exchange(TestClient.Raw response, boolean closed, String after) {
    }

    /** Writes {@code bytes}, reads one response, then reads on until the balancer closes (at most 5 s). */
    private Exchange send(String bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", rig.balancer().port())) {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(bytes.getBytes(US_ASCII));
            InputStream in = socket.getInputStream();
            TestClient.Raw response = TestClient.read(in);
            socket.setSoTimeout(5_000);
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    after.write(b);
                }
                return new Exchange(response, true, after.toString(US_ASCII));
            } catch (SocketTimeoutException e) {
                return new Exchange(response, false, after.toString(US_ASCII));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Content-Length with Transfer-Encoding (CL.TE)  | Content-Length: 6\\r\\nTransfer-Encoding: chunked     | 0\\r\\n\\r\\nX
            Transfer-Encoding with Content-Length (TE.CL)  | Transfer-Encoding: chunked\\r\\nContent-Length: 4     | 5c\\r\\n
            an unknown transfer coding                     | Transfer-Encoding: xchunked                         | 0\\r\\n\\r\\n
            chunked applied twice                          | Transfer-Encoding: chunked, chunked                 | 0\\r\\n\\r\\n
            Transfer-Encoding given twice                  | Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked | 0\\r\\n\\r\\n
            a coding the balancer does not decode          | Transfer-Encoding: gzip, chunked                    | 0\\r\\n\\r\\n
            an invalid chunk size                          | Transfer-Encoding: chunked                          | zz\\r\\n
            a chunk size that overflows                    | Transfer-Encoding: chunked                          | fffffffffffffffff1\\r\\n
            two different Content-Lengths                  | Content-Length: 3\\r\\nContent-Length: 5            | abc
            whitespace before the colon                    | Transfer-Encoding : chunked                         | 0\\r\\n\\r\\n
            """)
    void an_ambiguous_body_length_is_a_400_that_closes_the_connection_and_nothing_smuggled_is_forwarded(
            String name, String headers, String body) throws IOException {
        String request = "POST /work?io=0&tag=outer HTTP/1.1\r\nHost: x\r\n" + unescape(headers) + "\r\n\r\n"
                + unescape(body) + SMUGGLED;

        Exchange exchange = send(request);

        assertThat(exchange.response().status()).as(exchange.response().head()).isEqualTo(400);
        assertThat(exchange.response().head()).containsIgnoringCase("connection: close");
        assertThat(new JsonObject(exchange.response().body()).getString("error")).isNotBlank();
        assertThat(exchange.closed()).as("the balancer closed the connection").isTrue();
        assertThat(exchange.after()).as("no second response (to a smuggled request)").isEmpty();
        assertThat(worker.requestLines()).as("nothing of it reached the worker").isEmpty();
    }

    @Test
    void transfer_encoding_in_an_http_1_0_request_is_a_400_that_closes_the_connection() throws IOException {
        Exchange exchange = send("POST /work?io=0 HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

        assertThat(exchange.response().status()).isEqualTo(400);
        assertThat(exchange.closed()).isTrue();
        assertThat(worker.requestLines()).isEmpty();
    }

    @Test
    void a_well_framed_chunked_request_and_the_one_after_it_on_the_same_connection_both_go_through()
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", rig.balancer().port())) {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(("POST /work?io=0&tag=first HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "GET /work?io=0&tag=second HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));

            assertThat(TestClient.read(socket.getInputStream()).status()).isEqualTo(200);
            assertThat(TestClient.read(socket.getInputStream()).status()).isEqualTo(200);
        }
        assertThat(worker.requestLines()).containsExactly("POST /work?io=0&tag=first HTTP/1.1",
                "GET /work?io=0&tag=second HTTP/1.1");
    }

    @Test
    void more_header_fields_than_max_header_count_are_a_431_from_the_balancer_not_forwarded() throws IOException {
        int max = rig.config().maxHeaderCount();

        Exchange tooMany = send(get(max + 1));
        TestClient.Raw atLimit = TestClient.raw(rig.balancer().port(), get(max).strip());

        assertThat(tooMany.response().status()).isEqualTo(431);
        assertThat(new JsonObject(tooMany.response().body()).getString("error")).contains("max-header-count");
        assertThat(tooMany.closed()).isTrue();
        assertThat(atLimit.status()).isEqualTo(200);
        assertThat(worker.requestLines()).as("only the request at the limit was forwarded")
                .containsExactly("GET /work?io=0&tag=" + max + " HTTP/1.1");
    }

    /** A GET with {@code count} header fields in all (Host and count - 1 others). */
    private static String get(int count) {
        String others = IntStream.range(1, count).mapToObj(i -> "X-H" + i + ": " + i + "\r\n")
                .collect(Collectors.joining());
        return "GET /work?io=0&tag=" + count + " HTTP/1.1\r\nHost: x\r\n" + others + "\r\n";
    }

    private static String unescape(String text) {
        return text.replace("\\r\\n", "\r\n");
    }
}
