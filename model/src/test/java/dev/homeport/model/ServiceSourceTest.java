package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The defaults of a git or folder source live in the records, for the dialog, the command line and an import alike. */
class ServiceSourceTest {
    private static final String URL = "https://example.com/acme/web.git";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aGitSourceWithoutRefDockerfileOrContextBuildsMainsDockerfileAtTheRoot(String notGiven) {
        ServiceSource.Git git = new ServiceSource.Git(URL, notGiven, notGiven, notGiven);

        assertThat(git.ref()).isEqualTo("main");
        assertThat(git.dockerfile()).isEqualTo("Dockerfile");
        assertThat(git.context()).isEqualTo(".");
        assertThat(new ServiceSource.Git(URL, notGiven)).isEqualTo(git);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aFolderSourceWithoutDockerfileBuildsDockerfile(String notGiven) {
        assertThat(new ServiceSource.Folder("/srv/web", notGiven).dockerfile()).isEqualTo("Dockerfile");
        assertThat(new ServiceSource.Folder("/srv/web")).isEqualTo(new ServiceSource.Folder("/srv/web", notGiven));
    }

    @Test
    void valuesGivenAreKeptAndStillChecked() {
        ServiceSource.Git git = new ServiceSource.Git(URL, "v2.1", "docker/Dockerfile.prod", "services/web");

        assertThat(git).extracting(ServiceSource.Git::ref, ServiceSource.Git::dockerfile, ServiceSource.Git::context)
                .containsExactly("v2.1", "docker/Dockerfile.prod", "services/web");
        assertThatThrownBy(() -> new ServiceSource.Git(URL, "main", "/etc/Dockerfile", null)).hasMessageStartingWith("git.dockerfile: ");
        assertThatThrownBy(() -> new ServiceSource.Folder("/srv/web", "../Dockerfile")).hasMessageStartingWith("folder.dockerfile: ");
    }
}
