package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.keys.SshKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node commands that need no server: saving without a test, listing, showing, removing, and the checks on input. */
class NodeCommandsTest {
    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path root;

    @Test
    void nodesAddedWithoutATestAreListedWithHowTheyLogIn() {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("key", "generate", "laptop");

        CliRunner.Result web = cli.run("node", "add", "web", "--host", "10.0.0.5", "--key", "~/.ssh/id_ed25519", "--no-test");
        cli.ok("node", "add", "db", "--host", "db.example.com", "--port", "2222", "--user", "deploy", "--agent", "--no-test");
        cli.ok("node", "add", "old", "--host", "10.0.0.6", "--user", "deploy", "--password", "--no-test");
        cli.ok("node", "add", "vault", "--host", "10.0.0.7", "--user", "deploy", "--stored-key", "laptop", "--no-test");
        cli.ok("node", "add", "rel", "--host", "10.0.0.8", "--user", "deploy", "--key", "keys/id", "--no-test");

        assertThat(web.exitCode()).isZero();
        assertThat(web.out()).isEqualTo("Added node 'web' (" + ME + "@10.0.0.5, key file ~/.ssh/id_ed25519) without testing it;"
                + " run 'homeport node test web' to connect.\n");
        String relative = Path.of("keys/id").toAbsolutePath().normalize().toString();
        assertThat(cli.ok("node", "list").lines().map(line -> List.of(line.split(" {2,}")))).containsExactly(
                List.of("db", "deploy@db.example.com:2222", "ssh-agent"),
                List.of("old", "deploy@10.0.0.6", "password (asked each time)"),
                List.of("rel", "deploy@10.0.0.8", "key file " + relative),
                List.of("vault", "deploy@10.0.0.7", "stored key laptop"),
                List.of("web", ME + "@10.0.0.5", "key file ~/.ssh/id_ed25519"));
    }

    @Test
    void listAndShowAsJson() {
        CliRunner cli = new CliRunner(root.resolve("home")).withShop();
        cli.ok("key", "generate", "laptop");
        cli.ok("node", "add", "web", "--host", "10.0.0.5", "--user", "deploy", "--stored-key", "laptop", "--no-test");
        cli.ok("node", "add", "db", "--host", "10.0.0.6", "--port", "2222", "--user", "deploy", "--password", "--no-test");
        String hostKey = SshKeys.generateEd25519("host", null).publicKey();
        cli.withHomeport(homeport -> {
            long web = homeport.nodes().node("web").id();
            homeport.nodes().attach(web, homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id());
            homeport.nodes().pinHostKey(web, hostKey);
        });

        JsonNode list = cli.json("node", "list", "--json");
        JsonNode web = cli.json("node", "show", "web", "--json");
        JsonNode db = cli.json("node", "show", "db", "--json");

        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("db");
        assertThat(list.get(0).get("address").asText()).isEqualTo("deploy@10.0.0.6:2222");
        assertThat(list.get(0).get("port").asInt()).isEqualTo(2222);
        assertThat(list.get(0).get("identity").toString()).isEqualTo("{\"kind\":\"password\",\"stored\":false}");
        assertThat(list.get(1).get("identity").toString()).isEqualTo("{\"kind\":\"stored-key\",\"key\":\"laptop\"}");
        assertThat(web.get("host").asText()).isEqualTo("10.0.0.5");
        assertThat(web.get("user").asText()).isEqualTo("deploy");
        assertThat(web.get("hostKey").get("type").asText()).isEqualTo("ssh-ed25519");
        assertThat(web.get("hostKey").get("fingerprint").asText()).isEqualTo(SshKeys.fingerprint(hostKey));
        assertThat(web.get("environments").get(0).asText()).isEqualTo("acme/shop/prod");
        assertThat(db.get("hostKey").isNull()).isTrue();
        assertThat(db.get("environments")).isEmpty();
        assertThat(cli.ok("node", "show", "web")).isEqualTo("""
                node          web
                address       deploy@10.0.0.5
                identity      stored key laptop
                host key      ED25519 %s
                environments  acme/shop/prod
                """.formatted(SshKeys.fingerprint(hostKey)));
        assertThat(cli.ok("node", "show", "db")).contains("host key      (not pinned yet)", "environments  (none)");
    }

    @Test
    void removeAsksFirstAndSaysWhichEnvironmentsLoseTheNode() {
        CliRunner cli = new CliRunner(root.resolve("home")).withShop();
        cli.ok("node", "add", "web", "--host", "10.0.0.5", "--agent", "--no-test");
        cli.withHomeport(homeport -> homeport.nodes().attach(homeport.nodes().node("web").id(),
                homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id()));

        CliRunner.Result piped = cli.run("node", "remove", "web");
        CliRunner.Result no = cli.answering("n\n", "node", "remove", "web");
        String stillThere = cli.ok("node", "list");
        CliRunner.Result yes = cli.answering("yes\n", "node", "remove", "web");

        assertThat(piped.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(piped.err()).isEqualTo("homeport: Nothing was removed: input is not a terminal, so pass --yes to confirm.\n");
        assertThat(no.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(no.err()).contains("Cancelled; nothing was removed.");
        assertThat(stillThere).startsWith("web ");
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("Remove node 'web' (" + ME + "@10.0.0.5)?",
                "These environments will no longer deploy to it: acme/shop/prod.", "Remove? [y/N] ", "Removed node 'web'.");
        assertThat(cli.ok("node", "list")).isEmpty();
        assertThat(cli.json("env", "show", "acme/shop/prod", "--json").get("nodes")).isEmpty();
    }

    @Test
    void removeWithYesNeedsNoTerminal() {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("node", "add", "web", "--host", "10.0.0.5", "--agent", "--no-test");

        CliRunner.Result removed = cli.run("node", "remove", "web", "--yes");

        assertThat(removed.exitCode()).isZero();
        assertThat(cli.ok("node", "list")).isEmpty();
    }

    @Test
    void aStoredPasswordIsTypedTwiceWhenNoTestChecksIt() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result piped = cli.run("node", "add", "web", "--host", "10.0.0.5", "--password", "--store-password", "--no-test");
        CliRunner.Result differ = cli.answering("one-password\nother-password\n",
                "node", "add", "web", "--host", "10.0.0.5", "--password", "--store-password", "--no-test");
        CliRunner.Result same = cli.answering("one-password\none-password\n",
                "node", "add", "web", "--host", "10.0.0.5", "--password", "--store-password", "--no-test");

        assertThat(piped.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(piped.err()).contains("--store-password needs a terminal", "never taken as arguments");
        assertThat(differ.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(differ.err()).contains("differ");
        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).contains(ME + "@10.0.0.5's password: ", "The same password again: ").doesNotContain("one-password");
        assertThat(cli.json("node", "show", "web", "--json").get("identity").toString())
                .isEqualTo("{\"kind\":\"password\",\"stored\":true}");
        assertThat(cli.ok("node", "show", "web")).contains("password (stored)").doesNotContain("one-password");
    }

    @Test
    void aNameInUseIsBadInputAndChangesNothing() {
        CliRunner cli = new CliRunner(root.resolve("home"));
        cli.ok("node", "add", "web", "--host", "10.0.0.5", "--agent", "--no-test");

        CliRunner.Result again = cli.run("node", "add", "web", "--host", "10.0.0.9", "--agent", "--no-test");

        assertThat(again.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(again.err()).isEqualTo("homeport: name: a worker node named 'web' already exists\n");
        assertThat(cli.ok("node", "list")).contains("10.0.0.5").doesNotContain("10.0.0.9");
    }

    @Test
    void whatDoesNotExistIsAFailedOperation() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result storedKey = cli.run("node", "add", "web", "--host", "10.0.0.5", "--stored-key", "nope", "--no-test");
        CliRunner.Result show = cli.run("node", "show", "nope");
        CliRunner.Result test = cli.run("node", "test", "nope");
        CliRunner.Result exec = cli.run("node", "exec", "nope", "--", "uptime");
        CliRunner.Result remove = cli.run("node", "remove", "nope", "--yes");

        assertThat(storedKey.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(storedKey.err()).isEqualTo("homeport: No SSH identity named 'nope'.\n");
        for (CliRunner.Result missing : new CliRunner.Result[] {show, test, exec, remove}) {
            assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(missing.err()).isEqualTo("homeport: No worker node named 'nope'.\n");
        }
        assertThat(cli.ok("node", "list")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "node add web --no-test",
            "node add web --host 10.0.0.5 --alias web --agent --no-test",
            "node add web --host 10.0.0.5 --no-test",
            "node add web --host 10.0.0.5 --agent --password --no-test",
            "node add web --host 10.0.0.5 --key a --ssh-config --no-test",
            "node add web --host 10.0.0.5 --agent --store-password --no-test",
            "node add Web --host 10.0.0.5 --agent --no-test",
            "node add web --host 10.0.0.5 --port 70000 --agent --no-test",
            "node add web --host -oProxyCommand=x --agent --no-test",
            "node add web --host 10.0.0.5 --user a@b --agent --no-test",
            "node add web --host 10.0.0.5 --agent --no-test --colour",
            "node add --host 10.0.0.5 --agent --no-test",
            "node exec web",
            "node exec web --",
            "node",
            "key generate laptop --passphrase",
            "key install laptop",
            "key"})
    void badInputExitsWithTwoAndSavesNothing(String args) {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result bad = cli.run(args.split(" "));

        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.err()).startsWith("homeport: ").hasLineCount(1);
        assertThat(cli.ok("node", "list")).isEmpty();
        assertThat(cli.ok("key", "list")).isEmpty();
    }

    @Test
    void theHelpOfExecDoesNotOpenTheStore() {
        CliRunner cli = new CliRunner(root.resolve("home"));

        CliRunner.Result help = cli.run("node", "exec", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: homeport node exec").contains("NAME COMMAND...", "sh -c");
        assertThat(cli.home.storeFile()).doesNotExist();
    }
}
