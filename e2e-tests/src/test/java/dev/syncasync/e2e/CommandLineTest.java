package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.asyncworker.AsyncWorkerMain;
import dev.syncasync.balancer.BalancerMain;
import dev.syncasync.bench.BenchBalancerMain;
import dev.syncasync.cli.LabMain;
import dev.syncasync.commandline.Cli;
import dev.syncasync.syncworker.SyncWorkerMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every entry point behaves like one tool: --help and --version on stdout with exit code 0, a
 * usage error on stderr with exit code 2, and ./lab's completion script completes its commands.
 * In process: the same command objects the mains run, without starting anything.
 */
class CommandLineTest {

    /** Every entry point's command line, ./lab's subcommands included, by the name a user types. */
    static Stream<Arguments> entryPoints() {
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>();
        CommandLine lab = LabMain.commandLine();
        all.put("lab", lab);
        lab.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                all.put("lab " + name, sub);
            }
        });
        all.put("balancer", Cli.commandLine(new BalancerMain()));
        all.put("sync-worker", Cli.commandLine(new SyncWorkerMain()));
        all.put("async-worker", Cli.commandLine(new AsyncWorkerMain()));
        all.put("bench-balancer", Cli.commandLine(new BenchBalancerMain()));
        return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("entryPoints")
    void help_prints_the_usage_on_stdout_and_exits_0(String name, CommandLine command) {
        Run run = Run.of(command, "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("Usage: " + name + " ").contains("-h, --help").contains("-V, --version");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0} --version")
    @MethodSource("entryPoints")
    void version_prints_the_project_version_and_the_jvm(String name, CommandLine command) {
        Run run = Run.of(command, "--version");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith(name + " (sync-async-lab) 0.").contains("JVM " + Runtime.version());
    }

    @ParameterizedTest(name = "{0} --no-such-option")
    @MethodSource("entryPoints")
    void an_unknown_option_is_a_usage_error_on_stderr_with_exit_code_2(String name, CommandLine command) {
        Run run = Run.of(command, "--no-such-option");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        // Commands with a required parameter report that it is missing first.
        assertThat(run.err()).startsWith(name + ": ").containsAnyOf("Unknown option: '--no-such-option'",
                "Missing required parameter").contains("Try '" + name + " --help' for more information.");
    }

    @Test
    void a_value_out_of_range_names_the_option_in_either_syntax() {
        for (String[] args : List.of(new String[] {"--threads", "0"}, new String[] {"--threads=0"})) {
            Run run = Run.of(Cli.commandLine(new SyncWorkerMain()), args);

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).startsWith("sync-worker: Invalid value for option '--threads': must be in 1..10000, got 0");
        }
    }

    @Test
    void a_missing_option_value_is_a_usage_error_not_a_config_error() {
        Run run = Run.of(Cli.commandLine(new BalancerMain()), "--config");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("balancer: Missing required parameter for option '--config' (FILE)");
    }

    @Test
    void the_completion_script_completes_commands_and_their_options_in_bash(@TempDir Path dir) throws Exception {
        Run completion = Run.of(LabMain.commandLine(), "completion");
        Path script = Files.writeString(dir.resolve("lab.bash"), completion.out());

        assertThat(complete(script, "lab ch")).isEqualTo("chaos");
        assertThat(complete(script, "lab chaos --sim")).isEqualTo("--simulation");
        assertThat(complete(script, "lab bench --layout ")).isEqualTo("pinned shared");
        assertThat(complete(script, "lab worker ")).contains("sync", "async", "virtual");
    }

    /** What bash completes for {@code line} with the script loaded (the completion function, as bash calls it). */
    private static String complete(Path script, String line) throws Exception {
        String program = String.join("\n",
                "source '" + script + "' 2>/dev/null",
                "read -r -a COMP_WORDS <<< \"$LINE\"",
                "[[ \"$LINE\" == *' ' ]] && COMP_WORDS+=('')",
                "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"$LINE\"; COMP_POINT=${#LINE}",
                "_complete_lab 2>/dev/null",
                "echo \"${COMPREPLY[*]}\"");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", program);
        bash.environment().put("LINE", line);
        Process process = bash.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** One execution with stdout and stderr captured. */
    record Run(int code, String out, String err) {

        static Run of(CommandLine command, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            command.setOut(new PrintWriter(out, true));
            command.setErr(new PrintWriter(err, true));
            int code = command.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }
}
