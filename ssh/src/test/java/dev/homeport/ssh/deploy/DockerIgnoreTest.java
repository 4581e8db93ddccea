package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void patternsMatchAsTheDockerCliAppliesThem() {
        DockerIgnore ignore = DockerIgnore.parse("""
                # comment
                secret.txt
                /node_modules/
                *.log
                !keep.log
                **/*.tmp
                docs
                Dockerfile
                """);
        assertThat(ignore.ignores("secret.txt", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("sub/secret.txt", "Dockerfile")).isFalse();
        assertThat(ignore.ignores("node_modules", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("node_modules/left-pad/index.js", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("app.log", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("keep.log", "Dockerfile")).isFalse();
        assertThat(ignore.ignores("a/b/c.tmp", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("docs/guide.md", "Dockerfile")).isTrue();
        assertThat(ignore.ignores("www/index.html", "Dockerfile")).isFalse();
        // The Dockerfile and .dockerignore always reach the build.
        assertThat(ignore.ignores("Dockerfile", "Dockerfile")).isFalse();
        assertThat(ignore.ignores(".dockerignore", "Dockerfile")).isFalse();
    }
}
