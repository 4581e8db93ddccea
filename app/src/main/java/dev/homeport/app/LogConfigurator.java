package dev.homeport.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;

/**
 * Homeport's logging, set up in code (logback finds this class as a service) rather than from a
 * {@code logback.xml}: reading XML costs every {@code homeport} command the JDK's XML parser and
 * logback's configuration model, hundreds of classes (docs/startup.md). The console shows only
 * warnings; the full log goes to the data folder's {@code logs/homeport.log}, kept in four files
 * of 5 MB at most. A {@code logback.xml} or {@code logback-test.xml} on the class path (tests,
 * the benchmarks) or {@code -Dlogback.configurationFile} wins over this.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, Path.of(System.getProperty("homeport.logs", System.getProperty("java.io.tmpdir"))));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} to log into {@code folder}. */
    static void apply(LoggerContext context, Path folder) {
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel("WARN");
        warnings.setContext(context);
        warnings.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.addFilter(warnings);
        console.setEncoder(encoder(context, "%d{HH:mm:ss} %-5level %logger{20} - %msg%n"));
        console.start();

        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(folder.resolve("homeport.log").toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(folder.resolve("homeport.%i.log").toString());
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(FileSize.valueOf("5MB"));
        size.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(size);
        file.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{30} - %msg%n"));
        file.start();

        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        // SSHD reports every refused host key as a warning; Homeport reports it itself, in words.
        context.getLogger("org.apache.sshd").setLevel(Level.ERROR);
        // docker-java logs a failed pull or build with its stack trace; the deployment's reason and log already say it in words.
        context.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate").setLevel(Level.OFF);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        root.addAppender(file);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
