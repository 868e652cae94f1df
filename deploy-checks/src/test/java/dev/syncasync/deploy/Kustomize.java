package dev.syncasync.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code kubectl kustomize DIR}, offline: the objects a kustomization renders to. kubectl is
 * {@code $KUBECTL}, else the one scripts/k8s-validate.sh unpacks from Debian's package into the
 * cache, else the one on the PATH.
 */
final class Kustomize {

    private final Path kubectl;

    private Kustomize(Path kubectl) {
        this.kubectl = kubectl;
    }

    /** The kubectl to use, if this machine has one. */
    static Optional<Kustomize> find() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("KUBECTL");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path cacheDir = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache")
                : Path.of(cache);
        candidates.add(cacheDir.resolve("sync-async-lab/kubectl/usr/bin/kubectl"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "kubectl"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Kustomize::new);
    }

    Path kubectl() {
        return kubectl;
    }

    /** Renders {@code dir} and returns its objects in order. */
    List<Map<String, Object>> render(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + out);
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) doc;
                objects.add(object);
            }
        }
        return objects;
    }
}
