package dev.homeport.ssh.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program in a running container through Docker's exec API (no shell on the node, no
 * {@code docker} command line), with optional standard input: how a secret reaches a program
 * in a container without being on any command line.
 */
public final class ContainerExec {
    /** The most output kept, so a chatty program cannot fill the memory. */
    private static final int MAX_OUTPUT = 64 * 1024;

    private ContainerExec() {
    }

    /** What the program printed (stdout and stderr together, cut at 64 KiB) and its exit code; null when it did not end in time. */
    public record Result(Long exitCode, String output) {
        public boolean succeeded() {
            return exitCode != null && exitCode == 0;
        }
    }

    public static Result run(DockerClient docker, String containerId, List<String> command, byte[] stdin, Duration timeout) {
        var create = docker.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command.toArray(String[]::new));
        if (stdin != null) {
            create.withAttachStdin(true);
        }
        String execId = create.exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var start = docker.execStartCmd(execId);
        if (stdin != null) {
            start.withStdIn(new ByteArrayInputStream(stdin));
        }
        try (ResultCallback.Adapter<Frame> session = start.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            }
        })) {
            if (!session.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(null, text(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, text(out));
        } catch (IOException e) {
            // closing the finished stream
        }
        return new Result(docker.inspectExecCmd(execId).exec().getExitCodeLong(), text(out));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
