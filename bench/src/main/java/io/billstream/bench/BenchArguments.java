package io.billstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A benchmark's parameters: {@code name=value} arguments, each falling back to the system property
 * {@code bench.name} and then to its default. Arguments starting with {@code --} are kept apart for
 * the server, as Spring properties for experiments.
 */
final class BenchArguments {

    private final Map<String, String> given;
    private final List<String> serverArgs;
    private final Set<String> read = new HashSet<>();

    private BenchArguments(Map<String, String> given, List<String> serverArgs) {
        this.given = given;
        this.serverArgs = serverArgs;
    }

    static BenchArguments parse(String[] args) {
        Map<String, String> given = new HashMap<>();
        List<String> serverArgs = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--")) {
                serverArgs.add(arg);
            } else if (eq < 1) {
                throw new IllegalArgumentException("Arguments are name=value (or --server.property=value), not " + arg);
            } else {
                given.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return new BenchArguments(given, List.copyOf(serverArgs));
    }

    String text(String name, String fallback) {
        read.add(name);
        return given.getOrDefault(name, System.getProperty("bench." + name, fallback));
    }

    int positive(String name, String fallback) {
        int value = Integer.parseInt(text(name, fallback));
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }

    Duration seconds(String name, String fallback) {
        long value = Long.parseLong(text(name, fallback));
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return Duration.ofSeconds(value);
    }

    List<String> serverArgs() {
        return serverArgs;
    }

    /** Call once every parameter has been read: a misspelt name must not silently run the defaults. */
    void refuseUnknown() {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown parameters: " + unknown);
        }
    }
}
