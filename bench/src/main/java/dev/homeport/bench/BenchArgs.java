package dev.homeport.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The options the benchmarks take, as {@code bench/run} passes them: {@code --out PAGE}, {@code --runs N} and the like. */
final class BenchArgs {
    private BenchArgs() {
    }

    /** The page the results are written into, or null to print them only. */
    static Path out(List<String> options) {
        return value(options, "--out").map(Path::of).orElse(null);
    }

    static int runs(List<String> options, int otherwise) {
        return value(options, "--runs").map(Integer::parseInt).orElse(otherwise);
    }

    /** The word after {@code name}; empty when {@code name} is not given. */
    static Optional<String> value(List<String> options, String name) {
        int at = options.indexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= options.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return Optional.of(options.get(at + 1));
    }
}
