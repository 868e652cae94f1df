package dev.syncasync.commandline;

import dev.syncasync.config.ConfigException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command the way every entry point of the lab does: {@code --help} and
 * {@code --version} print to stdout and exit {@value #OK}; a usage error prints one line, the
 * synopsis and a pointer to {@code --help} on stderr and exits {@value #USAGE}; a bad
 * configuration file prints {@code <name>: invalid configuration: <file>: <field>: <reason>} and
 * exits {@value #USAGE}; any other failure prints {@code <name>: failed: <reason>} and exits
 * {@value #FAILED}. Options take their value as {@code --name value} or {@code --name=value}.
 */
public final class Cli {

    /** Done, or the measurement agrees with the theory. */
    public static final int OK = 0;
    /** It ran and failed: an error at run time, or a measurement that disagrees. */
    public static final int FAILED = 1;
    /** The user must fix something first: the command line, a config file, a missing prerequisite. */
    public static final int USAGE = ConfigException.EXIT_CODE;

    private Cli() {
    }

    /** The command's {@link CommandLine} with the lab's error handling and help layout. */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        line.setParameterExceptionHandler(Cli::usageError);
        line.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, failed));
        line.setUsageHelpWidth(100);
        line.setUsageHelpLongOptionsMaxWidth(28);
        // "Usage: ..." first, then the command's one-line header, as most tools print it.
        List<String> sections = new ArrayList<>(line.getHelpSectionKeys());
        sections.removeAll(List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
        int afterSynopsis = sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS) + 1;
        sections.addAll(afterSynopsis, List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER_HEADING,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER));
        line.setHelpSectionKeys(sections);
        return line;
    }

    /** Parses {@code args}, runs the command and returns its exit code. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /**
     * For a {@code main} that starts servers and returns while they run: exits the JVM only
     * when the command failed; on success (servers up, or {@code --help}) it returns.
     */
    public static void startServers(Object command, String... args) {
        int code = execute(command, args);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** The arguments typed after the command's own name (a subcommand's, without its parents'). */
    public static List<String> typedArgs(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        if (spec.parent() == null) {
            return args;
        }
        int at = args.indexOf(spec.name());
        return at < 0 ? args : args.subList(at + 1, args.size());
    }

    /** A usage error of {@code spec}'s command: exit code {@value #USAGE}, message on stderr. */
    public static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code value} when it lies in {@code min..max}; otherwise a usage error naming the option. */
    public static int inRange(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw usage(spec, "Invalid value for option '" + option + "': must be in " + min + ".." + max
                    + ", got " + value);
        }
        return value;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(command.getHelp().fullSynopsis());
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().root().name();
        if (e instanceof ConfigException config) {
            err.println(name + ": invalid configuration: " + config.getMessage());
            err.flush();
            return USAGE;
        }
        if (e instanceof UserError) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return USAGE;
        }
        err.println(name + ": failed: " + rootMessage(e));
        // The whole trace only when asked for: a user needs the reason, a bug report the trace.
        if (Boolean.getBoolean("lab.stacktrace") || "DEBUG".equalsIgnoreCase(System.getenv("LAB_LOG_LEVEL"))
                || "TRACE".equalsIgnoreCase(System.getenv("LAB_LOG_LEVEL"))) {
            e.printStackTrace(err);
        } else {
            err.println("(LAB_LOG_LEVEL=DEBUG prints the stack trace)");
        }
        err.flush();
        return FAILED;
    }

    /** The innermost cause's message; a library's exception keeps its class name, which says what failed. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t.getMessage() == null) {
            return t.toString();
        }
        return t.getClass().getName().startsWith("dev.syncasync.") ? t.getMessage()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
