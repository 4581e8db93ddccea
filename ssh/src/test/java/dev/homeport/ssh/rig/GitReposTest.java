package dev.homeport.ssh.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each URL of a {@link GitRepos} clones as the rig's test user, the way a deploy clones on a node. */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GitReposTest {
    @Test
    void theFileUrlClonesTheAppAtMain(Rig rig) {
        try (GitRepos repo = GitRepos.create(rig, "1.0")) {
            assertThat(repo.fileUrl()).startsWith("file:///tmp/homeport-git-").endsWith("/app.git");
            assertThat(clone(rig, "", repo.fileUrl(), "www/index.html")).isEqualTo("testapp 1.0");
            // Committed on purpose: the clone holds what .dockerignore must keep out of a build.
            assertThat(clone(rig, "", repo.fileUrl(), "secret.txt")).isNotEmpty();
            assertThat(clone(rig, "", repo.fileUrl(), ".dockerignore")).contains("secret.txt", "node_modules/");
            assertThat(repo.head()).matches("[0-9a-f]{40}");
            assertThat(repo.appPath()).isEqualTo(".");
            assertThat(repo.dockerfile()).isEqualTo("Dockerfile");
            assertThat(repo.branch()).isEqualTo("main");
            assertThat(repo.tag()).isEqualTo("v1.0");
        }
    }

    @Test
    void theSshUrlClonesWithTheDeployKeyAndTheRigsHostKey(Rig rig) throws Exception {
        String authorized;
        GitRepos.DeployKey key;
        try (GitRepos repo = GitRepos.create(rig, "1.0")) {
            key = repo.deployKey();
            assertThat(key.privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
            assertThat(key.publicKey()).startsWith("ssh-ed25519 ");
            assertThat(key.knownHosts()).contains("[127.0.0.1]:2222 ssh-ed25519 ");
            assertThat(repo.sshUrl()).isEqualTo("ssh://homeport-test@127.0.0.1:2222" + repo.bare());

            assertThat(cloneWithKey(rig, key, repo.sshUrl())).isEqualTo("testapp 1.0");
            authorized = GitRepos.asTestUser(rig, "cat ~/.ssh/authorized_keys", null);
            assertThat(authorized).contains("restrict " + key.publicKey());
        }
        // close() revoked the key and left the rig's own key alone.
        authorized = GitRepos.asTestUser(rig, "cat ~/.ssh/authorized_keys", null);
        assertThat(authorized).doesNotContain(key.publicKey()).contains(Files.readString(Path.of(rig.sshKey() + ".pub")).strip());
        assertThat(GitRepos.asTestUser(rig, "stat -c '%U %a' ~/.ssh/authorized_keys", null)).isEqualTo("homeport-test 600");
    }

    @Test
    void theGitDaemonServesTheRepositoryReadOnly(Rig rig) throws Exception {
        try (GitRepos repo = GitRepos.create(rig, "1.0")) {
            String url = repo.gitUrl();
            assertThat(url).matches("git://127\\.0\\.0\\.1:\\d+/app\\.git");
            assertThat(clone(rig, "", url, "www/index.html")).isEqualTo("testapp 1.0");
            assertThatThrownBy(() -> GitRepos.asTestUser(rig, "d=$(mktemp -d) && trap 'rm -rf \"$d\"' EXIT"
                    + " && git clone -q '" + url + "' \"$d/c\" && cd \"$d/c\""
                    + " && git -c user.name=x -c user.email=x@x.invalid commit -q --allow-empty -m x && git push -q origin main", null))
                    .hasMessageContaining("service not enabled");
        }
    }

    @Test
    void theHttpUrlNeedsTheToken(Rig rig) {
        try (GitRepos repo = GitRepos.create(rig, "1.0")) {
            URI url = URI.create(repo.httpUrl());
            assertThat(url.getScheme()).isEqualTo("http");
            String withToken = "http://deploy:" + repo.httpToken() + "@" + url.getAuthority() + url.getPath();
            assertThat(clone(rig, "", withToken, "www/index.html")).isEqualTo("testapp 1.0");

            String wrongToken = "http://deploy:hpt_wrong@" + url.getAuthority() + url.getPath();
            assertThatThrownBy(() -> clone(rig, "", wrongToken, "www/index.html")).hasMessageContaining("Authentication failed");
            assertThatThrownBy(() -> clone(rig, "", repo.httpUrl(), "www/index.html")).hasMessageContaining("could not read Username");
        }
    }

    @Test
    void aReleaseMovesMainAndTheOldTagStays(Rig rig) {
        try (GitRepos repo = GitRepos.create(rig, "1.0")) {
            String first = repo.head();
            repo.release("1.1");
            assertThat(repo.head()).isNotEqualTo(first);
            assertThat(repo.tag()).isEqualTo("v1.1");
            assertThat(clone(rig, "", repo.fileUrl(), "www/index.html")).isEqualTo("testapp 1.1");
            assertThat(clone(rig, "--branch v1.0", repo.fileUrl(), "www/index.html")).isEqualTo("testapp 1.0");
        }
    }

    @Test
    void theMonorepoAppBuildsFromItsFolderAsTheTestUser(Rig rig) {
        String tag = "homeport-test/monorepo-" + UUID.randomUUID().toString().substring(0, 8);
        try (GitRepos repo = GitRepos.monorepo(rig, "2.0")) {
            assertThat(repo.appPath()).isEqualTo("services/web");
            assertThat(repo.dockerfile()).isEqualTo("services/web/Dockerfile");
            assertThat(clone(rig, "", repo.fileUrl(), "README.md")).contains("services/web");
            // The build fails if secret.txt or node_modules/ reach it: see TestApps.writeFolderApp.
            String built = GitRepos.asTestUser(rig, "d=$(mktemp -d) && trap 'rm -rf \"$d\"' EXIT"
                    + " && git clone -q '" + repo.fileUrl() + "' \"$d/c\" && cd \"$d/c\""
                    + " && docker build -q --force-rm -t " + tag + " -f " + repo.dockerfile() + " " + repo.appPath()
                    + " >/dev/null && docker run --rm --entrypoint cat " + tag + " /www/index.html /www/files", null);
            assertThat(built).isEqualTo("testapp 2.0./.dockerignore\n./Dockerfile\n./www/cgi-bin/env\n./www/health\n./www/index.html");
        } finally {
            Processes.call(List.of("docker", "rmi", "-f", tag), null);
        }
    }

    @Test
    void closeStopsTheServersAndDeletesTheRepository(Rig rig) throws Exception {
        GitRepos repo = GitRepos.create(rig, "1.0");
        int daemon = URI.create(repo.gitUrl()).getPort();
        int http = URI.create(repo.httpUrl()).getPort();
        repo.close();
        assertThat(Files.exists(repo.bare())).isFalse();
        assertThat(listening(daemon)).isFalse();
        assertThat(listening(http)).isFalse();
    }

    /** Clones as the test user, in a folder deleted afterwards, and prints one file of the clone. */
    private static String clone(Rig rig, String options, String url, String file) {
        return GitRepos.asTestUser(rig, "d=$(mktemp -d) && trap 'rm -rf \"$d\"' EXIT"
                + " && GIT_TERMINAL_PROMPT=0 git clone -q " + options + " '" + url + "' \"$d/c\" && cat \"$d/c/" + file + "\"", null);
    }

    /** Clones over SSH with nothing but the deploy key and the given known_hosts, as a deploy would. */
    private static String cloneWithKey(Rig rig, GitRepos.DeployKey key, String url) {
        return GitRepos.asTestUser(rig, "d=$(mktemp -d) && trap 'rm -rf \"$d\"' EXIT && umask 077"
                + " && cat > \"$d/key\" && printf '%s' '" + key.knownHosts() + "' > \"$d/known_hosts\""
                + " && GIT_SSH_COMMAND=\"ssh -i $d/key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes"
                + " -o UserKnownHostsFile=$d/known_hosts\" git clone -q '" + url + "' \"$d/c\""
                + " && cat \"$d/c/www/index.html\"", key.privateKey());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
