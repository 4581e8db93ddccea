package dev.homeport.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others, such as {@code homeport org}: run on its own, it asks for one of them. */
abstract class GroupCmd implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String choices = String.join(", ", spec.subcommands().values().stream()
                .map(c -> c.getCommandName()).distinct().toList());
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of " + choices);
    }
}
