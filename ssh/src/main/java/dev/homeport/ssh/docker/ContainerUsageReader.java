package dev.homeport.ssh.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a container's resource use once, from the stats API without streaming.
 * The daemon takes two samples about a second apart, so that CPU use can be
 * computed; a call therefore takes a second or two.
 */
public final class ContainerUsageReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final DockerClient docker;

    public ContainerUsageReader(DockerClient docker) {
        this.docker = docker;
    }

    /** The container's use now; a container that is not running uses nothing. */
    public ContainerUsage read(String containerId) {
        AtomicReference<Statistics> first = new AtomicReference<>();
        try (ResultCallback.Adapter<Statistics> callback = docker.statsCmd(containerId).withNoStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Statistics statistics) {
                        first.compareAndSet(null, statistics);
                    }
                })) {
            if (!callback.awaitCompletion(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new DockerUnavailableException("Docker did not report the use of " + containerId + " within " + TIMEOUT.toSeconds() + " s.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the use of " + containerId, e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Statistics stats = first.get();
        if (stats == null) {
            throw new DockerUnavailableException("Docker reported no use for " + containerId + ".");
        }
        return ContainerUsage.of(containerId, stats);
    }
}
