package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainCommandsTest {
    private static final String WEB = "acme/shop/prod/web";
    private static final String API = "acme/shop/prod/api";

    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    @Test
    void addsListsAndRemovesDomains() {
        CliRunner.Result added = cli.run("domain", "add", WEB, "shop.example.com");
        cli.ok("domain", "add", WEB, "shop.test");
        cli.ok("domain", "add", WEB, "10.0.0.5");

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("Added shop.example.com to service 'acme/shop/prod/web'; it is routed from the next deploy.\n");
        assertThat(cli.ok("domain", "list", WEB)).isEqualTo("10.0.0.5\nshop.example.com\nshop.test\n");
        assertThat(cli.ok("domain", "list", WEB, "--json")).isEqualToIgnoringWhitespace(
                "[{\"hostname\":\"10.0.0.5\"},{\"hostname\":\"shop.example.com\"},{\"hostname\":\"shop.test\"}]");
        assertThat(cli.ok("service", "show", WEB)).contains("domains       10.0.0.5\n              shop.example.com\n");

        CliRunner.Result removed = cli.run("domain", "remove", WEB, "shop.test");

        assertThat(removed.exitCode()).isZero();
        assertThat(removed.out()).isEqualTo("Removed shop.test from service 'acme/shop/prod/web'; it is no longer routed from the next deploy.\n");
        assertThat(cli.ok("domain", "list", WEB)).isEqualTo("10.0.0.5\nshop.example.com\n");
        assertThat(cli.ok("domain", "list", API)).isEmpty();
    }

    @Test
    void theDefaultNameLeadsToTheServicesNodeThroughSslipAndTheDnsCheckSaysWhatItSees() {
        CliRunner.Result noNode = cli.run("domain", "add", WEB, "--default");
        assertThat(noNode.exitCode()).isEqualTo(1);
        assertThat(noNode.err()).contains("has no Worker Node");
        assertThat(cli.run("domain", "add", WEB, "x.test", "--default").exitCode()).isEqualTo(2);

        cli.ok("node", "add", "edge-1", "--host", "10.0.0.5", "--user", "deploy", "--agent", "--no-test");
        cli.ok("env", "attach", "acme/shop/prod", "edge-1");
        assertThat(cli.ok("domain", "add", WEB, "--default")).startsWith("Added web.10.0.0.5.sslip.io to service");
        cli.ok("domain", "add", WEB, "shop.test");

        String checked = cli.ok("domain", "check", WEB);
        assertThat(checked).contains("shop.test", "web.10.0.0.5.sslip.io", "internal", "no public DNS record is needed");
        CliRunner.parse(cli.ok("domain", "check", WEB, "--json"))
                .forEach(result -> assertThat(result.get("verdict").asText()).isEqualTo("internal"));
    }

    @Test
    void hostnamesAreStoredLowerCaseWithoutATrailingDotAndFoundTheSameWay() {
        cli.ok("domain", "add", WEB, "Shop.Example.COM.");

        assertThat(cli.ok("domain", "list", WEB)).isEqualTo("shop.example.com\n");

        cli.ok("domain", "remove", WEB, "SHOP.example.com");

        assertThat(cli.ok("domain", "list", WEB)).isEmpty();
    }

    @Test
    void aDomainAnswersForOneServiceOnly() {
        cli.ok("domain", "add", WEB, "shop.example.com");

        CliRunner.Result taken = cli.run("domain", "add", API, "SHOP.example.com");

        assertThat(taken.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(taken.err()).isEqualTo("homeport: domain: 'shop.example.com' is already routed to service 'acme/shop/prod/web'\n");
        assertThat(cli.ok("domain", "list", API)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.com; rm -rf /", "$(whoami).example.com", "`id`.example.com", "shop.example.com\nx.example.com",
            "exa mple.com", "-lead.example.com", "a..b.example.com", "*.example.com", "ex_ample.com", "shop", "localhost:8080",
            "https://shop.example.com", "shop.example.com/path", "bücher.example", "'quoted'.example.com", "\u0000.example.com", " "})
    void hostileHostnamesAreRefusedAndNothingIsAdded(String hostname) {
        // After --, even a hostname starting with '-' reaches the command instead of being read as an option.
        CliRunner.Result refused = cli.run("domain", "add", WEB, "--", hostname);
        CliRunner.Result removal = cli.run("domain", "remove", WEB, "--", hostname);

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).startsWith("homeport: domain: ").hasLineCount(1);
        assertThat(removal.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(cli.ok("domain", "list", WEB)).isEmpty();
    }

    @Test
    void removingADomainTheServiceDoesNotHaveFails() {
        cli.ok("domain", "add", API, "api.example.com");

        CliRunner.Result missing = cli.run("domain", "remove", WEB, "api.example.com");

        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: Service 'acme/shop/prod/web' has no domain api.example.com.\n");
        assertThat(cli.ok("domain", "list", API)).isEqualTo("api.example.com\n");
    }

    @Test
    void domainsNeedAServicePath() {
        CliRunner.Result environment = cli.run("domain", "add", "acme/shop/prod", "shop.example.com");
        CliRunner.Result missing = cli.run("domain", "list", "acme/shop/prod/nope");

        assertThat(environment.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(environment.err()).contains("a service is needed: ORG/APP/ENV/SERVICE");
        assertThat(missing.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("homeport: No service named 'nope' in acme/shop/prod.\n");
    }
}
