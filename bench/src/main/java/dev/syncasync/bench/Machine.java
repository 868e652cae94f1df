package dev.syncasync.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * What a run was measured on, for the report: a number means little without the machine.
 *
 * @param cores    processors the JVM sees
 * @param cpu      CPU model from /proc/cpuinfo, or the architecture
 * @param kernel   {@code uname -r} (the JVM's {@code os.version} is the same string)
 * @param jdk      vendor and full version of the running JDK
 * @param jvm      GC and the {@code -X} flags the JVM runs with
 * @param loadAvg  /proc/loadavg's 1/5/15-minute load before the run, or n/a
 */
record Machine(int cores, String cpu, String kernel, String jdk, String jvm, String loadAvg) {

    static Machine describe() {
        String jdk = System.getProperty("java.vm.vendor", "?") + " " + System.getProperty("java.vm.name", "?") + " "
                + Runtime.version();
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), jdk, jvmFlags(), readLoadAvg());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static String jvmFlags() {
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(" + "));
        String flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).collect(Collectors.joining(" "));
        return "GC " + gcs + (flags.isEmpty() ? "" : ", " + flags);
    }

    private static String readLoadAvg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
