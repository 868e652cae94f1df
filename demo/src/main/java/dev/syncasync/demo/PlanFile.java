package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.theory.plan.PoolPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./lab plan --write FILE}: the plan as a topology file {@code ./lab up FILE} runs. Only the
 * pools' sizes and the active pool are written; every other key keeps its default, as in
 * {@code config/topology.yml}. A pool kind with no configuration that meets the objective keeps
 * its defaults too, and cannot be the active one.
 */
final class PlanFile {

    private PlanFile() {
    }

    /** Writes the file; returns the exit code: 0 written, 1 the chosen pool meets nothing (nothing written). */
    static int write(Path file, PlanCommand.Plan plan, List<String> typedArgs, PrintWriter out) throws IOException {
        PoolPlan chosen = plan.of(plan.pool());
        if (!chosen.meets()) {
            out.println("not written: the " + plan.pool() + " pool has no configuration that meets "
                    + plan.objective().describe() + " here (--pool async, or another objective)");
            return Cli.FAILED;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text(plan, typedArgs));
        out.println("wrote " + file + " (" + plan.pool() + " active): ./lab up " + file);
        return Cli.OK;
    }

    static String text(PlanCommand.Plan plan, List<String> typedArgs) {
        StringBuilder text = new StringBuilder();
        text.append("# Written by ./lab plan ").append(String.join(" ", typedArgs)).append(" on ")
                .append(LocalDate.now(ZoneOffset.UTC)).append(" (UTC).\n");
        text.append("# Predicted at ").append(PlanReport.num(plan.demand().ratePerSec())).append(" req/s, objective ")
                .append(plan.objective().describe()).append(":\n");
        for (PoolPlan p : plan.pools()) {
            text.append("#   ").append(p.kind()).append(": ");
            if (p.meets()) {
                text.append(String.format(Locale.ROOT, "%s, p50 %s ms, p99 %s ms, about %.0f MiB with the balancer%n",
                        PlanReport.configuration(p.kind(), p.workers(), p.perWorker()), PlanReport.ms(p.forecast().p50()),
                        PlanReport.ms(p.forecast().p99()), p.memoryMiB()));
            } else {
                text.append("no configuration meets it (").append(p.reason()).append("): its defaults\n");
            }
        }
        text.append("# Every other key takes its default, as in config/topology.yml. Run it: ./lab up FILE\n\n");
        text.append("topology: ").append(plan.pool()).append("\n");
        for (PoolPlan p : plan.pools()) {
            if (!p.meets()) {
                continue;
            }
            text.append('\n').append(p.kind()).append(":\n");
            text.append("  workers: ").append(p.workers()).append('\n');
            String perWorker = switch (p.kind()) {
                case "sync" -> "  threads: ";
                case "virtual" -> "  max-concurrent: ";
                default -> "  event-loops: ";
            };
            text.append(perWorker).append(p.perWorker()).append('\n');
        }
        return text.toString();
    }
}
