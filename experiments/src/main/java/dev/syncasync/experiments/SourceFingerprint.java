package dev.syncasync.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A digest of what the project's images are built from: every {@code pom.xml}, {@code Dockerfile}
 * and file under a module's {@code src/main}. An image labelled with another digest was built from
 * other sources - an older checkout, whose servers may refuse today's {@code config/} - and is
 * rebuilt rather than reused.
 */
final class SourceFingerprint {

    /** The image label that carries the digest. */
    static final String LABEL = "dev.syncasync.source";

    /** Directories that hold no image input (build output, results, history, docs). */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "results", "docs", "node_modules", ".mvn");

    private SourceFingerprint() {
    }

    /** The digest of the sources under {@code root}, in hex. */
    static String of(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> inputs = walk.filter(Files::isRegularFile)
                    .filter(p -> isInput(root.relativize(p)))
                    .sorted()
                    .toList();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : inputs) {
                digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources under " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isInput(Path relative) {
        for (Path part : relative) {
            if (SKIPPED.contains(part.toString())) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        if (name.equals("pom.xml") || name.equals("Dockerfile")) {
            return true;
        }
        // <module>/src/main/...
        return relative.getNameCount() > 3 && relative.getName(1).toString().equals("src")
                && relative.getName(2).toString().equals("main");
    }
}
