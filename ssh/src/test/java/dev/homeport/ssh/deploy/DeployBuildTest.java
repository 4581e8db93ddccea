package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.GitRepos;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Services built on the node: from a folder of this machine, and from git repositories (public, deploy key, token). */
class DeployBuildTest extends RigDeployTest {
    private Service serve(String name, ServiceSource source) {
        Service service = fixture.service(new Service(0, 0, name, source, TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withDrainSeconds(0)));
        fixture.inventory.addDomain(service.id(), fixture.domain(name));
        return service;
    }

    @Test
    void aLocalFolderIsStreamedAsTheBuildContextWithoutItsIgnoredFiles() throws Exception {
        Path app = apps.folderApp(folder, "f1");
        Service service = serve("folder", new ServiceSource.Folder(app.toString()));

        Deployment live = fixture.deployLive(service.id());

        assertThat(live.image()).matches("homeport/" + fixture.environment.name() + "-folder-[0-9a-z]{4}:" + live.id());
        assertThat(fixture.history.log(live.id())).anyMatch(line -> line.contains("Step") || line.contains("COPY"));
        assertThat(RigHttp.get("http", fixture.domain("folder"), "/", null).body()).isEqualTo("testapp f1");
        // The Dockerfile fails the build if secret.txt or node_modules reached it; /files lists what did.
        assertThat(RigHttp.get("http", fixture.domain("folder"), "/files", null).body()).doesNotContain("secret.txt", "node_modules");
    }

    @Test
    void aPublicRepositoryIsCheckedOutAndBuiltOnTheNode(Rig rig) throws Exception {
        try (GitRepos repo = GitRepos.monorepo(rig, "g1")) {
            Service service = serve("mono", new ServiceSource.Git(repo.fileUrl(), "v" + repo.version(), "Dockerfile", GitRepos.MONOREPO_APP));
            Deployment live = fixture.deployLive(service.id());
            assertThat(fixture.history.log(live.id())).contains("Checked out commit " + repo.head());
            assertThat(RigHttp.get("http", fixture.domain("mono"), "/", null).body()).isEqualTo("testapp g1");
        }
    }

    @Test
    void aPrivateRepositoryOpensWithADeployKeyKeptInTheVault(Rig rig) throws Exception {
        try (GitRepos repo = GitRepos.create(rig, "k1")) {
            GitRepos.DeployKey key = repo.deployKey();
            var identity = fixture.keys.add("deploy-" + fixture.unique, key.publicKey(), Secret.of(key.privateKey()));
            Service service = serve("keyed", new ServiceSource.Git(repo.sshUrl(), repo.branch(), "Dockerfile", ".", identity.id(), null));
            fixture.deployLive(service.id());
            assertThat(RigHttp.get("http", fixture.domain("keyed"), "/", null).body()).isEqualTo("testapp k1");
        }
    }

    @Test
    void aPrivateRepositoryOpensWithAToken(Rig rig) throws Exception {
        try (GitRepos repo = GitRepos.create(rig, "t1")) {
            var token = fixture.inventory.sealGitToken(Secret.of(repo.httpToken()));
            Service service = serve("tokened", new ServiceSource.Git(repo.httpUrl(), repo.branch(), "Dockerfile", ".", null, token));
            Deployment live = fixture.deployLive(service.id());
            assertThat(RigHttp.get("http", fixture.domain("tokened"), "/", null).body()).isEqualTo("testapp t1");
            assertThat(String.join("\n", fixture.history.log(live.id()))).doesNotContain(repo.httpToken());
        }
    }
}
