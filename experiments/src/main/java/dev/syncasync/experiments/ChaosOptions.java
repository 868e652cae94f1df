package dev.syncasync.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ./lab chaos} breaks and under which load.
 *
 * @param action     kill, pause (then unpause) or restart (kill, then start again) the worker
 * @param worker     which worker container, 1-based
 * @param lab        the lab to create
 * @param simulation the load: a simulation of the gatling image
 * @param parameters its {@code key=value} parameters
 */
record ChaosOptions(Action action, int worker, LabSpec lab, String simulation, List<String> parameters) {

    /** What happens to the worker. */
    enum Action { KILL, PAUSE, RESTART }

    /** A steady open load of about 30 s at 20 requests/s: long enough to see a restarted worker back. */
    static final List<String> DEFAULT_LOAD = List.of("rates=20", "duration=30", "io=50", "warmup=20");

    ChaosOptions {
        parameters = List.copyOf(parameters);
        if (worker < 1 || worker > lab.workers()) {
            throw new IllegalArgumentException("--worker must be in 1.." + lab.workers() + ", got " + worker);
        }
    }

    static ChaosOptions parse(List<String> args) {
        Action action = Action.KILL;
        int worker = 1;
        String topology = "sync";
        int workers = 2;
        String simulation = "OpenModelRamp";
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--kill", "--pause", "--restart" -> action = Action.valueOf(arg.substring(2).toUpperCase(Locale.ROOT));
                case "--worker" -> worker = integer(ExperimentOptions.value(args, ++i, arg), arg);
                case "--topology" -> topology = ExperimentOptions.value(args, ++i, arg);
                case "--workers" -> workers = integer(ExperimentOptions.value(args, ++i, arg), arg);
                case "--simulation" -> {
                    simulation = ExperimentOptions.value(args, ++i, arg);
                    if (!SweepConfig.SIMULATIONS.contains(simulation)) {
                        throw new IllegalArgumentException("--simulation must be one of " + SweepConfig.SIMULATIONS
                                + ", got " + simulation);
                    }
                    while (i + 1 < args.size() && args.get(i + 1).matches("[A-Za-z][A-Za-z0-9.]*=\\S+")) {
                        parameters.add(args.get(++i));
                    }
                }
                default -> throw new IllegalArgumentException("unknown chaos option '" + arg + "'");
            }
        }
        if (simulation.equals("OpenModelRamp") && parameters.isEmpty()) {
            parameters.addAll(DEFAULT_LOAD);
        }
        return new ChaosOptions(action, worker, new LabSpec(topology, workers, 1, 384), simulation, parameters);
    }

    private static int integer(String text, String option) {
        if (!text.matches("\\d{1,3}")) {
            throw new IllegalArgumentException(option + " needs a number, got " + text);
        }
        return Integer.parseInt(text);
    }
}
