package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFingerprintTest {

    @TempDir
    Path root;

    @BeforeEach
    void a_small_project() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("balancer/src/main/java"));
        Files.writeString(root.resolve("balancer/Dockerfile"), "FROM x");
        Files.writeString(root.resolve("balancer/src/main/java/A.java"), "class A {}");
        Files.createDirectories(root.resolve("balancer/target"));
        Files.writeString(root.resolve("balancer/target/A.class"), "bytes");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/notes.md"), "text");
    }

    @Test
    void the_same_sources_give_the_same_digest() {
        assertThat(SourceFingerprint.of(root)).isEqualTo(SourceFingerprint.of(root)).hasSize(16);
    }

    @Test
    void a_changed_source_file_changes_the_digest_so_an_older_image_is_rebuilt() throws Exception {
        String before = SourceFingerprint.of(root);
        Files.writeString(root.resolve("balancer/src/main/java/A.java"), "class A { int key; }");
        assertThat(SourceFingerprint.of(root)).isNotEqualTo(before);
    }

    @Test
    void build_output_docs_and_tests_do_not_change_it() throws Exception {
        String before = SourceFingerprint.of(root);
        Files.writeString(root.resolve("balancer/target/A.class"), "other bytes");
        Files.writeString(root.resolve("docs/notes.md"), "other text");
        Files.createDirectories(root.resolve("balancer/src/test/java"));
        Files.writeString(root.resolve("balancer/src/test/java/ATest.java"), "class ATest {}");
        assertThat(SourceFingerprint.of(root)).isEqualTo(before);
    }

    @Test
    void a_changed_dockerfile_or_pom_changes_it() throws Exception {
        String before = SourceFingerprint.of(root);
        Files.writeString(root.resolve("balancer/Dockerfile"), "FROM y");
        String afterDockerfile = SourceFingerprint.of(root);
        Files.writeString(root.resolve("pom.xml"), "<project><x/></project>");
        assertThat(afterDockerfile).isNotEqualTo(before);
        assertThat(SourceFingerprint.of(root)).isNotEqualTo(afterDockerfile);
    }
}
