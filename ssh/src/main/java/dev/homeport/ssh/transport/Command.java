package dev.homeport.ssh.transport;

import java.util.List;

/**
 * A remote command, built from typed values and never from string
 * concatenation. Arguments become shell text in exactly one place,
 * {@link #render()}, with POSIX single-quote escaping; operators are their own
 * token, never text inside an argument. Secrets never belong in a command:
 * send them on stdin.
 */
public sealed interface Command {
    static Simple of(String program, String... arguments) {
        java.util.ArrayList<String> argv = new java.util.ArrayList<>();
        argv.add(program);
        argv.addAll(List.of(arguments));
        return new Simple(argv);
    }

    static Simple of(List<String> argv) {
        return new Simple(argv);
    }

    /**
     * A fixed shell script run by {@code sh -c}, with values passed as its
     * positional parameters ($1, $2…), so no value is ever parsed as shell code.
     */
    static Simple script(String script, String... values) {
        java.util.ArrayList<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", script, "sh"));
        argv.addAll(List.of(values));
        return new Simple(argv);
    }

    /** The command as one line of POSIX shell. */
    String render();

    default Command pipe(Command next) {
        return new Joined(this, Operator.PIPE, next);
    }

    default Command and(Command next) {
        return new Joined(this, Operator.AND, next);
    }

    default Command or(Command next) {
        return new Joined(this, Operator.OR, next);
    }

    enum Operator {
        PIPE("|"), AND("&&"), OR("||");

        private final String token;

        Operator(String token) {
            this.token = token;
        }
    }

    /** A program and its arguments. */
    record Simple(List<String> argv) implements Command {
        public Simple {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("A command needs a program.");
            }
        }

        @Override
        public String render() {
            StringBuilder line = new StringBuilder();
            for (String argument : argv) {
                if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(quote(argument));
            }
            return line.toString();
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /** Two commands joined by a shell operator. */
    record Joined(Command left, Operator operator, Command right) implements Command {
        @Override
        public String render() {
            return left.render() + " " + operator.token + " " + right.render();
        }

        @Override
        public String toString() {
            return render();
        }
    }

    /**
     * POSIX single-quote escaping: the value is wrapped in single quotes, and each
     * single quote inside becomes {@code '\''}. Nothing inside single quotes is
     * special to the shell, so every byte arrives as sent. A NUL cannot be sent
     * (argv strings end at NUL), so it is refused.
     */
    static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A NUL character cannot be sent as part of a remote command argument.");
        }
        if (!value.isEmpty() && value.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-_./:,+@%".indexOf(c) >= 0))) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
