package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Builds an image on the node through Docker's build API, with its output
 * streamed into the deployment log. The context is a local folder (docker-java
 * packs it, honouring .dockerignore) or a tar stream (a checkout on the node).
 */
final class ImageBuilder {
    private final DockerClient docker;
    private final DeployLog log;
    private final Cancel cancel;

    ImageBuilder(DockerClient docker, DeployLog log, Cancel cancel) {
        this.docker = docker;
        this.log = log;
        this.cancel = cancel;
    }

    PreparedImage fromFolder(Path folder, String dockerfile, String tag, Map<String, String> labels) {
        if (!Files.isDirectory(folder)) {
            throw new DeployException("The folder " + folder + " does not exist (or is not a folder) on this machine.");
        }
        File file = folder.resolve(dockerfile).toFile();
        if (!file.isFile()) {
            throw new DeployException("There is no " + dockerfile + " in " + folder + ".");
        }
        log.line("Sending " + folder + " as the build context (files in .dockerignore are left out)");
        return build(docker.buildImageCmd().withBaseDirectory(folder.toFile()).withDockerfile(file), tag, labels);
    }

    PreparedImage fromTar(InputStream tar, String dockerfile, String tag, Map<String, String> labels) {
        return build(docker.buildImageCmd(tar).withDockerfilePath(dockerfile), tag, labels);
    }

    private PreparedImage build(BuildImageCmd command, String tag, Map<String, String> labels) {
        command.withTags(Set.of(tag)).withLabels(labels).withRemove(true).withForcerm(true).withPull(false);
        // The build's output comes in chunks that can end mid-line; whole lines go to the log.
        DeployLog.Lines lines = log.lines();
        BuildImageResultCallback output = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    lines.append(item.getStream());
                }
                if (item.getErrorDetail() != null) {
                    lines.close();
                    log.line("error: " + item.getErrorDetail().getMessage());
                }
                super.onNext(item);
            }
        };
        String id;
        try {
            id = cancel.during(output, () -> command.exec(output).awaitImageId());
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            cancel.check();
            throw new DeployException("The build failed: " + e.getMessage(), e);
        } finally {
            lines.close();
        }
        cancel.check();
        String full = docker.inspectImageCmd(id).exec().getId();
        log.line("Built " + tag + " (" + full + ")");
        return new PreparedImage(tag, full);
    }
}
