package io.github.nc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.linalg.Matrix;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in nc-linalg, nc-autodiff and nc-core (DESIGN.md, "Layering inside the
 * modules"): the packages of each module can be ordered so that each uses only those below it.
 *
 * <p>One test in nc-core, the library module above the other two, checks all three: their
 * compiled classes are on this test's class path (each found through one of its classes, the
 * reactor's {@code target/classes} or the jar Maven resolved), so the checker lives in one place
 * and no module needs another's test classes. A cycle in nc-linalg therefore fails the build
 * when nc-core's tests run, with the module and the cycle named.
 */
class PackageCyclesTest {

    @Test
    void coreHasNoPackageCycles() {
        assertNoCycles("nc-core", graph(NcMetrics.class, "io.github.nc4j.core",
                Matrix.class, Tape.class));
    }

    @Test
    void autodiffHasNoPackageCycles() {
        assertNoCycles("nc-autodiff", graph(Tape.class, "io.github.nc4j.autodiff", Matrix.class));
    }

    @Test
    void linalgHasNoPackageCycles() {
        assertNoCycles("nc-linalg", linalg());
    }

    @Test
    void theCheckerFindsAndNamesEveryCycle() {
        PackageGraph layered = new PackageGraph(Map.of("a.top", Set.of("a.mid", "a.low"),
                "a.mid", Set.of("a.low")));
        assertTrue(layered.cycles().isEmpty());
        PackageGraph cyclic = new PackageGraph(Map.of(
                "a", Set.of("b"), "b", Set.of("c", "d"), "c", Set.of("a"), "d", Set.of("d2"),
                "d2", Set.of("d"), "e", Set.of("a")));
        List<List<String>> cycles = cyclic.cycles();
        assertEquals(List.of(List.of("a", "b", "c", "a"), List.of("d", "d2", "d")), cycles);
        assertEquals("a -> b -> c -> a\nd -> d2 -> d", PackageGraph.describe(cycles));
        // Two cycles through one package form one component; both are named.
        PackageGraph twoCycles = new PackageGraph(Map.of("p", Set.of("p.b", "p.c"),
                "p.b", Set.of("p"), "p.c", Set.of("p")));
        assertEquals("p -> p.b -> p\np -> p.c -> p", PackageGraph.describe(twoCycles.cycles()));
    }

    @Test
    void theCheckerReadsTheCompiledClasses() {
        // The layering DESIGN.md draws for nc-core shows in the graph jdeps reads.
        Map<String, Set<String>> uses = graph(NcMetrics.class, "io.github.nc4j.core",
                Matrix.class, Tape.class).uses();
        assertTrue(uses.get("io.github.nc4j.core.train").contains("io.github.nc4j.core.model"),
                uses.toString());
        assertFalse(uses.getOrDefault("io.github.nc4j.core.data", Set.of()).stream()
                .anyMatch(p -> p.startsWith("io.github.nc4j.core.")), uses.toString());
    }

    private static PackageGraph linalg() {
        return graph(Matrix.class, "io.github.nc4j.linalg");
    }

    /** The package graph of the module holding {@code member}, which requires those holding {@code requires}. */
    private static PackageGraph graph(Class<?> member, String rootPackage, Class<?>... requires) {
        return PackageGraph.of(location(member),
                java.util.Arrays.stream(requires).map(PackageCyclesTest::location).toList(),
                rootPackage);
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoCycles(String module, PackageGraph graph) {
        List<List<String>> cycles = graph.cycles();
        if (!cycles.isEmpty()) {
            fail(module + " has package cycles (an arrow points at a package used):\n"
                    + PackageGraph.describe(cycles));
        }
    }
}
