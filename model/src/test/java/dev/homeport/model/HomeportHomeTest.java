package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HomeportHomeTest {
    private final Path user = Path.of("/home/ada");

    @Test
    void linuxUsesTheXdgDataFolder() {
        assertThat(HomeportHome.fromEnvironment(Map.of(), "Linux", user).root()).isEqualTo(Path.of("/home/ada/.local/share/homeport"));
        assertThat(HomeportHome.fromEnvironment(Map.of("XDG_DATA_HOME", "/data"), "Linux", user).root()).isEqualTo(Path.of("/data/homeport"));
    }

    @Test
    void homeportHomeMovesIt() {
        assertThat(HomeportHome.fromEnvironment(Map.of("HOMEPORT_HOME", "/srv/hp"), "Linux", user).root()).isEqualTo(Path.of("/srv/hp"));
    }

    @Test
    void macAndWindowsUseTheirOwnFolders() {
        assertThat(HomeportHome.fromEnvironment(Map.of(), "Mac OS X", user).root())
                .isEqualTo(Path.of("/home/ada/Library/Application Support/Homeport"));
        assertThat(HomeportHome.fromEnvironment(Map.of("LOCALAPPDATA", "/c/Local"), "Windows 11", user).root())
                .isEqualTo(Path.of("/c/Local/Homeport"));
    }
}
