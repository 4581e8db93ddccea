package dev.homeport.ssh.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The probe's rules, on facts written as the probe script prints them: the cases the rig's nodes
 * cannot show (another program on port 80, systemd, a stale SSH session, a missing package candidate).
 */
class ProbeRulesTest {
    private static final String DEBIAN = "os.id=debian\nos.name=Debian GNU/Linux 12 (bookworm)\nuser=deploy\n";

    private static ProbeReport report(String facts) {
        return new ProbeChecks(NodeFacts.parse(DEBIAN + facts)).report();
    }

    @Test
    void deployingNeedsGitAndTheKernelToKeepQueuedConnections() {
        assertThat(report("migrate_req=missing\n").check("deploy-tools").detail()).contains("older than 5.14");
        assertThat(report("migrate_req=0\nmigrate_req.saved=yes\n").check("deploy-tools").detail()).contains("is off");
        assertThat(report("migrate_req=1\n").check("deploy-tools").detail()).contains("on but not saved");
        ProbeCheck noGit = report("migrate_req=1\nmigrate_req.saved=yes\n").check("deploy-tools");
        assertThat(noGit.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(noGit.nextAction()).contains("installs git");
        ProbeCheck noBusybox = report("migrate_req=1\nmigrate_req.saved=yes\ngit.version=git version 2.39.5\n").check("deploy-tools");
        assertThat(noBusybox.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(noBusybox.nextAction()).contains("installs busybox-static");
        assertThat(report("migrate_req=1\nmigrate_req.saved=yes\ngit.version=git version 2.39.5\nbusybox.static=yes\n")
                .check("deploy-tools").ok()).isTrue();
    }

    @Test
    void backupsNeedAgeAndCronAndCopiesToS3NeedRclone() {
        ProbeCheck none = report("").check("backup-tools");
        assertThat(none.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(none.detail()).isEqualTo("age and cron are not installed: backups cannot be made on this node");
        assertThat(none.nextAction()).contains("installs age, cron and rclone");
        assertThat(report("has.age=yes\n").check("backup-tools").detail()).isEqualTo("cron is not installed: backups cannot be made on this node");
        ProbeCheck noRclone = report("has.age=yes\nhas.crontab=yes\n").check("backup-tools");
        assertThat(noRclone.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(noRclone.detail()).isEqualTo("rclone is not installed: backups cannot be copied to S3 from this node");
        ProbeCheck all = report("has.age=yes\nhas.crontab=yes\nrclone.version=rclone v1.60.1-DEV\n").check("backup-tools");
        assertThat(all.ok()).isTrue();
        assertThat(all.detail()).isEqualTo("age and cron for backups; rclone v1.60.1-DEV for copies to S3");
    }

    @Test
    void portsCaddysConfigListensOnAreCaddysWhenOnlyRootCouldTell() {
        String listening = "sudo=missing\nlisten=00000000:0050\nlisten=00000000:01BB\nprocess=caddy\n";
        assertThat(report(listening).check("ports").status()).isEqualTo(CheckStatus.WARNING);
        assertThat(report(listening + "caddy.listen=80\ncaddy.listen=443\n").check("ports").ok()).isTrue();
    }

    @Test
    void anotherProgramOnPort80Fails() {
        ProbeCheck ports = report("sudo=passwordless\nlisten=00000000:0050\n"
                + "socket=LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=812,fd=6))\n").check("ports");
        assertThat(ports.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(ports.detail()).isEqualTo("held by another program: 80 (nginx)");
    }

    @Test
    void caddyOnPort80IsFine() {
        assertThat(report("sudo=root\nlisten=00000000:0050\nsocket=LISTEN 0 4096 *:80 *:* users:((\"caddy\",pid=9,fd=7))\n")
                .check("ports").status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void withSystemdButNoDropInCaddyWouldLoseItsRoutes() {
        ProbeCheck admin = report("init=systemd\nlisten=0100007F:07E3\nhttp.caddy=ok\n").check("caddy-admin");
        assertThat(admin.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(admin.detail()).endsWith("caddy.service runs without --resume, so routes are lost on restart");
        assertThat(report("init=systemd\ncaddy.dropin=yes\nlisten=0100007F:07E3\nhttp.caddy=ok\n").check("caddy-admin").ok()).isTrue();
    }

    @Test
    void anAdminApiOpenToTheNetworkFails() {
        ProbeCheck admin = report("listen=00000000:07E3\n").check("caddy-admin");
        assertThat(admin.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(admin.nextAction()).contains("admin 127.0.0.1:2019");
    }

    @Test
    void aSessionOlderThanTheGroupMembershipAsksToReconnect() {
        ProbeCheck access = report("docker.rc=1\ndocker.out=permission denied while trying to connect to the Docker daemon socket\n"
                + "groups.session=deploy\ngroups.account=deploy docker\n").check("docker-access");
        assertThat(access.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(access.nextAction()).startsWith("Reconnect");
    }

    @Test
    void aDaemonThatIsDownIsNotMistakenForMissingAccess() {
        ProbeReport report = report("init=systemd\ndocker.rc=1\ndocker.out=Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n");
        assertThat(report.check("docker").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(report.check("docker").nextAction()).startsWith("Start it (sudo systemctl start docker)");
        assertThat(report.check("docker-access").status()).isEqualTo(CheckStatus.WARNING);
    }

    @Test
    void aptBusyIsAWarningEvenThoughDpkgLooksHalfDone() {
        ProbeCheck pm = report("dpkg.running=apt-get (pid 77)\ndpkg.interrupted=yes\n").check("package-manager");
        assertThat(pm.status()).isEqualTo(CheckStatus.WARNING);
        assertThat(pm.detail()).isEqualTo("apt or dpkg is busy: apt-get (pid 77)");
    }

    @Test
    void noSudoIsFineOnlyWhenNothingNeedsRoot() {
        String complete = "sudo=missing\ndocker.rc=0\ndocker.out=24.0.7\ndocker.network=yes\ncaddy.version=v2.7.6 h1:abc\n"
                + "netdata.version=netdata v1.44.0\nlisten=0100007F:07E3\nlisten=0100007F:4E1F\nhttp.caddy=ok\nhttp.netdata=ok\n";
        ProbeReport ready = report(complete);
        assertThat(ready.check("privileges").ok()).isTrue();
        assertThat(ready.check("caddy").detail()).isEqualTo("Caddy 2.7.6");
        assertThat(ready.check("netdata").detail()).isEqualTo("Netdata 1.44.0");
        ProbeReport needsWork = report(complete.replace("caddy.version=v2.7.6 h1:abc\n", ""));
        assertThat(needsWork.check("privileges").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(needsWork.check("privileges").detail()).isEqualTo("sudo is not installed, and provisioning needs root for: caddy");
    }

    @Test
    void aPackageWithoutACandidateIsNamedBeforeInstalling() {
        String policy = "caddy:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\nnetdata:\n  Installed: (none)\n  Candidate: 1.37.1-2\n";
        assertThat(Apt.withoutCandidate(policy, "caddy", "netdata", "docker.io")).containsExactly("caddy", "docker.io");
    }
}
