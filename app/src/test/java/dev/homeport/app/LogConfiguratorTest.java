package dev.homeport.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logging set up in code, as logback.xml had it: everything from INFO into logs/homeport.log, noisy libraries quieter. */
class LogConfiguratorTest {
    @TempDir
    Path logs;

    @Test
    void logsInfoAndAboveIntoTheFileAndQuietsTheNoisyLibraries() {
        LoggerContext context = new LoggerContext();
        // What logback's service provider gives the context it configures.
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        LogConfigurator.apply(context, logs);

        context.getLogger("dev.homeport.Something").info("an info line");
        context.getLogger("dev.homeport.Something").debug("a debug line");
        context.getLogger("org.apache.sshd.client.Whatever").warn("a refused host key");
        context.getLogger("org.flywaydb.core.Flyway").warn("a Flyway warning");
        context.stop();

        assertThat(logs.resolve("homeport.log")).content()
                .contains("INFO  dev.homeport.Something - an info line", "a Flyway warning")
                .doesNotContain("a debug line", "a refused host key");
    }

    @Test
    void aLogbackFileOnTheClassPathWins() {
        // The tests' logback-test.xml is on the class path: the configurator steps aside for it.
        assertThat(new LogConfigurator().configure(new LoggerContext()))
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void logbackIsTheOnlyLoggingProvider() {
        // A second provider (a library's slf4j-simple) made SLF4J warn on every command's stderr and bypass logback.
        assertThat(java.util.ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class).stream().map(p -> p.type().getName()))
                .containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }
}
