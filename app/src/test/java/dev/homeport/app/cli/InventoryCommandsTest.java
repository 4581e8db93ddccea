package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.vault.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandsTest {
    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root).withShop();
    }

    @Test
    void createsTheHierarchyAndListsEachLevelAsText() {
        assertThat(cli.ok("org", "list")).isEqualTo("acme\n");
        assertThat(cli.ok("app", "list", "acme")).isEqualTo("shop\n");
        assertThat(cli.ok("environment", "list", "acme/shop")).isEqualTo("prod\n");
        assertThat(cli.ok("service", "list", "acme/shop/prod")).isEqualTo("""
                api  git    https://github.com/acme/api.git@v2  3000
                web  image  nginx:1.27                          8080
                """);
    }

    @Test
    void listsAsJsonWithPathsAndNames() {
        JsonNode services = cli.json("service", "list", "acme/shop/prod", "--json");

        assertThat(names(cli.json("org", "list", "--json"))).containsExactly("acme");
        assertThat(cli.json("app", "list", "acme", "--json").get(0).get("path").asText()).isEqualTo("acme/shop");
        assertThat(cli.json("env", "list", "acme/shop", "--json").get(0).get("path").asText()).isEqualTo("acme/shop/prod");
        assertThat(names(services)).containsExactly("api", "web");
        JsonNode web = services.get(1);
        assertThat(web.get("path").asText()).isEqualTo("acme/shop/prod/web");
        assertThat(web.get("kind").asText()).isEqualTo("image");
        assertThat(web.get("source").asText()).isEqualTo("nginx:1.27");
        assertThat(web.get("port").asInt()).isEqualTo(8080);
    }

    @Test
    void showsEachLevelAsJson() {
        JsonNode org = cli.json("org", "show", "acme", "--json");
        JsonNode app = cli.json("app", "show", "acme/shop", "--json");
        JsonNode env = cli.json("environment", "show", "acme/shop/prod", "--json");
        JsonNode api = cli.json("service", "show", "acme/shop/prod/api", "--json");

        assertThat(org.get("name").asText()).isEqualTo("acme");
        assertThat(org.get("acmeEmail").isNull()).isTrue();
        assertThat(names(org.get("applications"))).containsExactly("shop");
        assertThat(names(app.get("environments"))).containsExactly("prod");
        assertThat(names(env.get("services"))).containsExactly("api", "web");
        assertThat(api.get("kind").asText()).isEqualTo("git");
        assertThat(api.get("source").get("url").asText()).isEqualTo("https://github.com/acme/api.git");
        assertThat(api.get("source").get("ref").asText()).isEqualTo("v2");
        assertThat(api.get("source").get("dockerfile").asText()).isEqualTo("Dockerfile");
        assertThat(api.get("source").get("context").asText()).isEqualTo(".");
        assertThat(api.get("source").has("image")).isFalse();
        assertThat(api.get("port").asInt()).isEqualTo(3000);
        assertThat(api.get("healthPath").asText()).isEqualTo("/");
        assertThat(api.get("cpus").isNull()).isTrue();
        assertThat(api.get("memoryMb").isNull()).isTrue();
    }

    @Test
    void showsServiceLimitsDomainsAndVariablesAsText() {
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            long web = inventory.resolve(InventoryPath.parse("acme/shop/prod/web")).id();
            inventory.addDomain(web, "shop.example.com");
            inventory.setVariable(VariableScope.SERVICE, web, "LOG_LEVEL", "debug");
        });

        assertThat(cli.ok("service", "show", "acme/shop/prod/web")).isEqualTo("""
                service       acme/shop/prod/web
                kind          image
                source        nginx:1.27
                port          8080
                health path   /
                health check  http, 60 s timeout
                cpus          0.5
                memory        512 MB
                restart       unless-stopped
                volumes       (none)
                keep          5 releases
                drain         5 s
                replicas      1 on a cluster
                domains       shop.example.com
                variables     LOG_LEVEL=debug
                """);
    }

    @Test
    void secretVariablesShowOnlyThatTheyAreSecret() {
        cli.withHomeport(homeport -> {
            var inventory = homeport.inventory();
            long prod = inventory.resolve(InventoryPath.parse("acme/shop/prod")).id();
            long web = inventory.resolve(InventoryPath.parse("acme/shop/prod/web")).id();
            inventory.setVariable(VariableScope.ENVIRONMENT, prod, "REGION", "eu");
            inventory.setSecret(VariableScope.ENVIRONMENT, prod, "DB_PASSWORD", Secret.of("hunter2-prod"));
            inventory.setSecret(VariableScope.SERVICE, web, "API_TOKEN", Secret.of("tok-123456"));
        });

        String envText = cli.ok("environment", "show", "acme/shop/prod");
        JsonNode env = cli.json("environment", "show", "acme/shop/prod", "--json");
        String serviceJson = cli.ok("service", "show", "acme/shop/prod/web", "--json");

        assertThat(envText).contains("DB_PASSWORD=(secret)", "REGION=eu").doesNotContain("hunter2");
        JsonNode password = findByKey(env.get("variables"), "DB_PASSWORD");
        assertThat(password.get("secret").asBoolean()).isTrue();
        assertThat(password.has("value")).isFalse();
        assertThat(password.size()).isEqualTo(2);
        JsonNode region = findByKey(env.get("variables"), "REGION");
        assertThat(region.get("value").asText()).isEqualTo("eu");
        assertThat(region.get("secret").asBoolean()).isFalse();
        assertThat(serviceJson).contains("\"API_TOKEN\"").doesNotContain("tok-123456").doesNotContain("v1.");
    }

    @Test
    void showsTheNodesAttachedToAnEnvironment() {
        String nodes = """
                homeport: 1
                nodes:
                  - name: edge-1
                    host: 10.0.0.5
                    user: deploy
                    identity:
                      kind: agent
                    environments:
                      - acme/shop/prod
                  - name: spare
                    host: 10.0.0.6
                    user: deploy
                    identity:
                      kind: agent
                """;
        cli.run(new java.io.ByteArrayInputStream(nodes.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "import", "-");

        assertThat(cli.ok("environment", "show", "acme/shop/prod")).isEqualTo("""
                environment  acme/shop/prod
                services     api
                             web
                variables    (none)
                cluster      (none)
                nodes        edge-1
                """);
        assertThat(names(cli.json("environment", "show", "acme/shop/prod", "--json").get("nodes"))).containsExactly("edge-1");
    }

    @Test
    void showsAnOrganisationAsText() {
        assertThat(cli.ok("org", "show", "acme")).isEqualTo("""
                organisation  acme
                ACME email    (not set)
                ACME CA       Let's Encrypt
                applications  shop
                """);
    }

    @Test
    void setsTheAcmeEmailAndCaOfAnOrganisationAndRefusesBadOnesChangingNothing() {
        String staging = "https://acme-staging-v02.api.letsencrypt.org/directory";
        assertThat(cli.ok("org", "set", "acme", "--acme-email", "ops@acme.test", "--acme-staging")).isEqualTo("Changed organisation"
                + " 'acme': ACME email ops@acme.test, ACME CA Let's Encrypt staging (" + staging + "). Its services get the change with their next deploy.\n");
        assertThat(cli.ok("org", "show", "acme")).isEqualTo("""
                organisation  acme
                ACME email    ops@acme.test
                ACME CA       Let's Encrypt staging (%s)
                applications  shop
                """.formatted(staging));
        JsonNode org = cli.json("org", "show", "acme", "--json");
        assertThat(org.get("acmeEmail").asText()).isEqualTo("ops@acme.test");
        assertThat(org.get("acmeDirectory").asText()).isEqualTo(staging);
        assertThat(org.get("acmeCa").asText()).isEqualTo("Let's Encrypt staging (" + staging + ")");

        for (String[] bad : List.of(new String[] {"--acme-directory", "http://ca.acme.test/directory"},
                new String[] {"--acme-directory", "https://ca.acme.test/x", "--no-acme-directory"},
                new String[] {"--acme-directory", "https://ca.acme.test/x", "--acme-email", "not-an-email"},
                new String[] {"--acme-email", "new@acme.test", "--no-acme-email"})) {
            List<String> args = new ArrayList<>(List.of("org", "set", "acme"));
            args.addAll(List.of(bad));
            assertThat(cli.run(args.toArray(String[]::new)).exitCode()).as(String.join(" ", bad)).isEqualTo(Cli.BAD_INPUT);
        }
        assertThat(cli.run("org", "set", "acme", "--acme-directory", "ca.acme.test").err())
                .isEqualTo("homeport: --acme-directory: must be an https:// URL, got 'ca.acme.test'\n");
        assertThat(cli.run("org", "set", "acme", "--acme-staging", "--no-acme-directory").err())
                .isEqualTo("homeport: ACME CA: give one of --acme-directory, --acme-staging or --no-acme-directory\n");
        assertThat(cli.run("org", "set", "acme").err()).startsWith("homeport: Nothing to change");
        assertThat(cli.json("org", "show", "acme", "--json")).isEqualTo(org);

        // Only what is given changes.
        cli.ok("org", "set", "acme", "--acme-directory", "https://ca.acme.test:9000/acme/acme/directory");
        assertThat(cli.ok("org", "show", "acme")).contains("ACME email    ops@acme.test\n", "ACME CA       https://ca.acme.test:9000/acme/acme/directory\n");
        cli.ok("org", "set", "acme", "--no-acme-directory", "--no-acme-email");
        JsonNode back = cli.json("org", "show", "acme", "--json");
        assertThat(back.get("acmeEmail").isNull()).isTrue();
        assertThat(back.get("acmeDirectory").isNull()).isTrue();
        assertThat(back.get("acmeCa").asText()).isEqualTo("Let's Encrypt");
    }

    @Test
    void createsAnOrganisationWithItsAcmeSettingsOrNotAtAllWhenOneIsBad() {
        assertThat(cli.ok("org", "create", "beta", "--acme-email", "ops@beta.test", "--acme-directory", "https://acme.zerossl.com/v2/DV90"))
                .isEqualTo("Created organisation 'beta'. ACME CA: https://acme.zerossl.com/v2/DV90.\n");
        assertThat(cli.ok("org", "show", "beta")).contains("ACME email    ops@beta.test\n", "ACME CA       https://acme.zerossl.com/v2/DV90\n");

        CliRunner.Result refused = cli.run("org", "create", "gamma", "--acme-directory", "https://bad host/directory");
        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).isEqualTo("homeport: --acme-directory: must be an https:// URL, got 'https://bad host/directory'\n");
        assertThat(cli.ok("org", "list")).isEqualTo("acme\nbeta\n");
    }

    @Test
    void createsFolderServicesWithAnAbsolutePath() {
        cli.ok("service", "create", "acme/shop/prod/site", "--folder", "site", "--dockerfile", "docker/Dockerfile");

        JsonNode site = cli.json("service", "show", "acme/shop/prod/site", "--json");

        assertThat(site.get("kind").asText()).isEqualTo("folder");
        assertThat(site.get("source").get("path").asText()).isEqualTo(Path.of("site").toAbsolutePath().toString());
        assertThat(site.get("source").get("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(site.get("port").isNull()).isTrue();
    }

    @Test
    void renamesAnApplicationAndKeepsWhatIsInIt() {
        CliRunner.Result renamed = cli.run("app", "rename", "acme/shop", "store");

        assertThat(renamed.exitCode()).isZero();
        assertThat(renamed.out()).isEqualTo("Renamed application 'acme/shop' to 'acme/store'.\n");
        assertThat(cli.ok("app", "list", "acme")).isEqualTo("store\n");
        assertThat(cli.ok("service", "list", "acme/store/prod")).contains("web", "api");
        assertThat(cli.run("app", "show", "acme/shop").exitCode()).isEqualTo(Cli.FAILED);
    }

    @Test
    void renamesEachLevel() {
        cli.ok("service", "rename", "acme/shop/prod/web", "frontend");
        cli.ok("env", "rename", "acme/shop/prod", "production");
        cli.ok("org", "rename", "acme", "acme-corp");

        assertThat(cli.ok("service", "list", "acme-corp/shop/production")).contains("frontend").doesNotContain("web ");
    }

    @Test
    void deleteWithYesShowsWhatGoesAndRemovesTheSubtree() {
        CliRunner.Result deleted = cli.run("environment", "delete", "acme/shop/prod", "--yes");

        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).startsWith("Delete environment 'acme/shop/prod'?")
                .contains("2 services: acme/shop/prod/api, acme/shop/prod/web")
                .endsWith("Deleted environment 'acme/shop/prod'.\n");
        assertThat(cli.ok("environment", "list", "acme/shop")).isEmpty();
        CliRunner.Result gone = cli.run("service", "show", "acme/shop/prod/web");
        assertThat(gone.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(gone.err()).startsWith("homeport: No environment named 'prod' in ").hasLineCount(1);
    }

    @Test
    void deleteWithoutYesIsRefusedWhenInputIsNotATerminal() {
        CliRunner.Result refused = cli.run("org", "delete", "acme");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.out()).startsWith("Delete organisation 'acme'?");
        assertThat(refused.err()).contains("--yes");
        assertThat(cli.ok("org", "list")).isEqualTo("acme\n");
        assertThat(cli.ok("service", "list", "acme/shop/prod")).contains("web");
    }

    @Test
    void deleteAtATerminalAsksFirst() {
        CliRunner.Result declined = cli.answering("n\n", "service", "delete", "acme/shop/prod/web");
        CliRunner.Result accepted = cli.answering("y\n", "service", "delete", "acme/shop/prod/api");

        assertThat(declined.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(declined.out()).contains("Delete? [y/N]");
        assertThat(declined.err()).contains("nothing was deleted");
        assertThat(accepted.exitCode()).isZero();
        assertThat(cli.ok("service", "list", "acme/shop/prod")).startsWith("web ").doesNotContain("api");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(item.isTextual() ? item.asText() : item.get("name").asText()));
        return names;
    }

    private static JsonNode findByKey(JsonNode variables, String key) {
        for (JsonNode variable : variables) {
            if (variable.get("key").asText().equals(key)) {
                return variable;
            }
        }
        throw new AssertionError("no variable " + key + " in " + variables);
    }
}
