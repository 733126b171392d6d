package io.github.nc4j.core;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * The package dependency graph of one module's compiled classes, as the JDK's {@code jdeps}
 * reads it from the class files' constant pools ({@code jdeps -verbose:package}), restricted to
 * the module's own packages, and the cycles in it.
 *
 * <p>What it sees is what the class files reference: a compile-time constant of another package
 * ({@code static final double X = 1e-3}) is copied into the class that reads it and leaves no
 * reference, and Javadoc links leave none either.
 */
final class PackageGraph {

    /** A line of {@code jdeps -verbose:package}: {@code   from   ->   to   module-or-jar}. */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    /** Each package of the module to the packages of the module it uses, sorted. */
    private final Map<String, Set<String>> uses;

    PackageGraph(Map<String, Set<String>> uses) {
        Map<String, Set<String>> copy = new TreeMap<>();
        uses.forEach((from, to) -> copy.put(from, new TreeSet<>(to)));
        this.uses = copy;
    }

    /**
     * The graph of the packages under {@code rootPackage} (e.g. {@code io.github.nc4j.core})
     * in {@code classes}, a class directory or a jar; {@code modulePath} holds the modules its
     * {@code module-info} requires.
     *
     * @throws IllegalStateException if jdeps is missing (a JRE without the jdk.jdeps module) or
     *                               fails, with its output
     */
    static PackageGraph of(Path classes, List<Path> modulePath, String rootPackage) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new IllegalStateException("jdeps is missing: run the tests on a JDK"));
        List<String> args = new ArrayList<>();
        if (!modulePath.isEmpty()) {
            args.add("--module-path");
            args.add(modulePath.stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        args.addAll(List.of("-verbose:package", classes.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jdeps " + String.join(" ", args) + " exited with "
                    + status + ":\n" + out + err);
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && within(m.group(1), rootPackage) && within(m.group(2), rootPackage)
                    && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(m.group(2));
            }
        }
        return new PackageGraph(uses);
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** Each package to the packages it uses (only packages that use another appear as keys). */
    Map<String, Set<String>> uses() {
        return uses;
    }

    /**
     * The cycles to name: in every strongly connected component with more than one package, a
     * shortest cycle through each of its packages, without repeats. Each is the packages in
     * order from the alphabetically first, with that one repeated at the end
     * ({@code a -> b -> a}); empty when the packages can be layered. The order is fixed
     * (components, then packages, by name).
     */
    List<List<String>> cycles() {
        List<List<String>> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnectedComponents()) {
            if (component.size() > 1) {
                for (String start : component) {
                    List<String> cycle = rotatedToFirst(shortestCycle(component, start));
                    if (!cycles.contains(cycle)) {
                        cycles.add(cycle);
                    }
                }
            }
        }
        return cycles;
    }

    /** {@code b -> a -> c -> b} as {@code a -> c -> b -> a}. */
    private static List<String> rotatedToFirst(List<String> cycle) {
        List<String> open = cycle.subList(0, cycle.size() - 1);
        int first = open.indexOf(open.stream().sorted().findFirst().orElseThrow());
        List<String> rotated = new ArrayList<>(open.subList(first, open.size()));
        rotated.addAll(open.subList(0, first));
        rotated.add(rotated.get(0));
        return rotated;
    }

    /** The cycles as text, one per line: {@code a -> b -> a}. */
    static String describe(List<List<String>> cycles) {
        return cycles.stream().map(c -> String.join(" -> ", c)).collect(Collectors.joining("\n"));
    }

    /** Tarjan's algorithm, iterative (no recursion depth to worry about), over sorted names. */
    private List<Set<String>> stronglyConnectedComponents() {
        Set<String> nodes = new TreeSet<>(uses.keySet());
        uses.values().forEach(nodes::addAll);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : nodes) {
            if (index.containsKey(start)) {
                continue;
            }
            // Each frame: a node and the iterator over its successors still to visit.
            Deque<Map.Entry<String, Iterator<String>>> frames = new ArrayDeque<>();
            visit(start, index, low, stack, onStack, frames);
            while (!frames.isEmpty()) {
                var frame = frames.peek();
                String v = frame.getKey();
                if (frame.getValue().hasNext()) {
                    String w = frame.getValue().next();
                    if (!index.containsKey(w)) {
                        visit(w, index, low, stack, onStack, frames);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    String parent = frames.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }
        components.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return components;
    }

    private void visit(String v, Map<String, Integer> index, Map<String, Integer> low,
                       Deque<String> stack, Set<String> onStack,
                       Deque<Map.Entry<String, Iterator<String>>> frames) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        frames.push(Map.entry(v, uses.getOrDefault(v, Set.of()).iterator()));
    }

    /**
     * A shortest cycle through {@code first}, a package of a strongly connected component: a
     * breadth-first search from it, inside the component, back to it.
     */
    private List<String> shortestCycle(Set<String> component, String first) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(first));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : uses.getOrDefault(v, Set.of())) {
                if (!component.contains(w)) {
                    continue;
                }
                if (w.equals(first)) {
                    List<String> cycle = new ArrayList<>(List.of(first));
                    for (String u = v; !u.equals(first); u = previous.get(u)) {
                        cycle.add(1, u);
                    }
                    cycle.add(first);
                    return cycle;
                }
                if (!previous.containsKey(w)) {
                    previous.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new AssertionError("no cycle through " + first + " in " + component);
    }
}
