package dev.homeport.ssh.deploy;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What each deploy test on the rig starts from: a fresh {@link DeployFixture} per test, closed after it, and the test apps. */
@ExtendWith(RigExtension.class)
abstract class RigDeployTest {
    @TempDir
    Path folder;
    DeployFixture fixture;
    TestApps apps;

    @BeforeEach
    void open(Rig rig) {
        fixture = new DeployFixture(rig, folder);
        apps = new TestApps(rig);
    }

    @AfterEach
    void close() {
        fixture.close();
    }
}
