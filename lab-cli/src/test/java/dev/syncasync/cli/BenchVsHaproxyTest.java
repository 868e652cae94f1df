package dev.syncasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lab bench --vs haproxy}: what it runs, and the exit 2 when a prerequisite is missing. */
class BenchVsHaproxyTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void only_bench_with_a_vs_option_is_taken_from_picocli() {
        assertThat(BenchVsHaproxy.handles(new String[] {"bench", "--vs", "haproxy"})).isTrue();
        assertThat(BenchVsHaproxy.handles(new String[] {"bench", "--rounds", "2", "--vs=haproxy"})).isTrue();
        assertThat(BenchVsHaproxy.handles(new String[] {"bench", "--rounds", "2"})).isFalse();
        assertThat(BenchVsHaproxy.handles(new String[] {"demo", "--vs", "haproxy"})).isFalse();
    }

    @Test
    void a_missing_program_is_named_with_its_package_and_the_exit_code_is_2() {
        int code = BenchVsHaproxy.run(new String[] {"bench", "--vs", "haproxy"}, home,
                program -> !program.equals("wrk") && !program.equals("haproxy"), err);

        assertThat(code).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("haproxy, wrk are not on the PATH")
                .contains("apt-get install haproxy wrk");
    }

    @Test
    void anything_but_haproxy_after_vs_is_exit_2() {
        assertThat(BenchVsHaproxy.run(new String[] {"bench", "--vs", "nginx"}, home, program -> true, err))
                .isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("--vs takes 'haproxy'").contains("nginx");
    }

    @Test
    void the_script_runs_from_the_project_root_with_every_other_option_passed_on() throws Exception {
        if (!BenchVsHaproxy.onPath("python3")) {
            return;
        }
        Path script = home.resolve(BenchVsHaproxy.SCRIPT);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "import os, sys\nopen('args.txt', 'w').write(' '.join(sys.argv[1:]))\n");

        int code = BenchVsHaproxy.run(new String[] {"bench", "--rounds", "1", "--vs=haproxy", "--duration", "2"}, home,
                program -> true, err);

        assertThat(code).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(home.resolve("args.txt"))).isEqualTo("--rounds 1 --duration 2");
    }
}
