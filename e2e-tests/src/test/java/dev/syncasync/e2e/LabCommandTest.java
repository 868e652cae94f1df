package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.balancer.BalancerMain;
import dev.syncasync.cli.LabMain;
import dev.syncasync.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a user sees from the command line when the config or the command is wrong. */
class LabCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad YAML          | balancer: [                  | invalid YAML: line
            unknown key       | balancer:\\n  workers: 4      | balancer.workers: unknown key
            wrong type        | sync:\\n  threads: many       | sync.threads: must be an integer, got 'many'
            negative count    | sync:\\n  workers: -1         | sync.workers: must be in 0..1024, got -1
            unknown topology  | topology: threaded            | topology: must be one of sync, async, virtual, got 'threaded'
            negative virtual cap | virtual:\\n  max-concurrent: -2 | virtual.max-concurrent: must be in 0..1000000, got -2
            virtual threads key  | virtual:\\n  threads: 8        | virtual.threads: unknown key
            port out of range | balancer:\\n  port: 65536     | balancer.port: must be in 0..65535, got 65536
            """)
    void lab_up_with_an_invalid_file_exits_2_naming_the_file_and_the_field(String name, String yaml,
                                                                           String expected) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), yaml.replace("\\n", "\n"));

        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "up", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains(file + ": " + expected);
    }

    @Test
    void the_standalone_balancer_with_an_invalid_file_exits_2_too() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "balancer:\n  max-queue: -5\n");

        ChildJvm.Outcome outcome = ChildJvm.run(BalancerMain.class.getName(), "--config", file.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains(file + ": balancer.max-queue: must be in 0..10000000, got -5");
    }

    @Test
    void a_missing_file_exits_2_naming_it() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "up", dir.resolve("none.yml").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("none.yml: no such file");
    }

    @Test
    void an_unknown_command_exits_2_on_stderr_with_a_suggestion() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "upp");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("lab: Unmatched argument at index 0: 'upp'").contains("Did you mean: lab up?")
                .contains("Try 'lab --help' for more information.");
        assertThat(outcome.stdout()).doesNotContain("Usage");
    }

    @Test
    void help_goes_to_stdout_with_exit_code_0_and_lists_every_command() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).contains("Usage: lab [-hV] [COMMAND]");
        for (String command : new String[] {"demo", "up", "worker", "bench", "tasks", "sweep", "chaos", "completion"}) {
            assertThat(outcome.stdout()).containsPattern("(?m)^  " + command + " ");
        }
        assertThat(outcome.stderr()).doesNotContain("Usage");
    }

    @Test
    void the_demo_without_built_simulations_exits_2_saying_how_to_build_them() throws Exception {
        // lab.home is this module's directory, where no demo/target/gatling lies: as if never built.
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "demo");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("gatling/lib is missing").contains("./mvnw package");
    }

    @Test
    void an_unknown_demo_option_exits_2_with_the_demo_synopsis() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "demo", "--fast");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("lab demo: Unknown option: '--fast'")
                .contains("Usage: lab demo [-hV] [--config=FILE] [--results=DIR]");
    }

    @Test
    void the_demo_takes_its_options_in_both_syntaxes() throws Exception {
        // Accepted options, so the demo goes on to its first check: the simulations are not built here.
        ChildJvm.Outcome outcome = ChildJvm.run(LabMain.class.getName(), "demo", "--results=" + dir,
                "--config", "../config/topology.yml");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("gatling/lib is missing").doesNotContain("Unknown option");
    }
}
