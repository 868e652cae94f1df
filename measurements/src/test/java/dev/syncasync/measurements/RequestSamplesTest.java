package dev.syncasync.measurements;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.measurements.RequestSamples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestSamplesTest {

    @Test
    void requests_csv_reads_into_samples_and_skips_the_header(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("requests.csv");
        Files.writeString(csv, "name,endMs,responseMs,ok\nburst,1100,100,true\nburst,1200,150,false\n");

        List<Sample> samples = RequestSamples.read(csv);

        assertThat(samples).containsExactly(new Sample("burst", 1100, 100, true), new Sample("burst", 1200, 150, false));
        assertThat(samples.get(1).sendMs()).isEqualTo(1050);
    }

    @Test
    void a_missing_file_reads_as_no_requests(@TempDir Path dir) throws IOException {
        assertThat(RequestSamples.read(dir.resolve("none.csv"))).isEmpty();
    }

    @Test
    void in_flight_counts_overlapping_requests_and_not_back_to_back_ones() {
        List<Sample> overlapping = List.of(new Sample("a", 100, 100, true), new Sample("b", 150, 100, true),
                new Sample("c", 160, 100, true));
        List<Sample> backToBack = List.of(new Sample("a", 100, 100, true), new Sample("b", 200, 100, true));

        assertThat(RequestSamples.maxInFlight(overlapping)).isEqualTo(3);
        assertThat(RequestSamples.maxInFlight(backToBack)).isEqualTo(1);
    }

    @Test
    void throughput_is_requests_per_second_from_first_send_to_last_answer() {
        List<Sample> samples = List.of(new Sample("a", 1100, 100, true), new Sample("b", 2000, 500, true));

        assertThat(RequestSamples.throughput(samples)).isEqualTo(2.0);
    }
}
