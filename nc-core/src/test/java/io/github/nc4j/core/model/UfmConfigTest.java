package io.github.nc4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class UfmConfigTest {

    private static final UfmConfig BASE =
            UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {200, 100, 50, 20}, 16);

    @Test
    void defaultsAndDerivedValues() {
        assertEquals(Loss.MSE, BASE.loss());
        assertEquals(1, BASE.depth());
        assertEquals(4, BASE.numClasses());
        assertEquals(370, BASE.numSamples());
        assertArrayEquals(new long[] {200, 100, 50, 20}, BASE.classSizesLong());
        UfmConfig deep = BASE.withDepth(3);
        assertArrayEquals(new double[] {5e-3, 5e-3, 5e-3}, deep.lambdaW());
    }

    @Test
    void invalidFieldsAreNamed() {
        assertMessage(() -> BASE.withDepth(0), "depth must be at least 1");
        assertMessage(() -> BASE.withLambdaW(), "depth must be at least 1");
        assertMessage(() -> BASE.withLambdaH(-1e-3), "lambdaH must be finite and non-negative");
        assertMessage(() -> BASE.withLambdaW(1e-3, Double.NaN), "lambdaW[2]");
        assertMessage(() -> BASE.withClassSizes(10, 0, 5), "class 1 has 0 samples");
        assertMessage(() -> BASE.withClassSizes(10), "at least 2 classes");
        assertMessage(() -> BASE.withDim(0), "feature dimension");
        assertMessage(() -> BASE.withInitScale(0), "initScale");
        assertMessage(() -> BASE.withArchitecture(Architecture.UFM).withDepth(2),
                "ufm has one layer, got depth 2");
        assertMessage(() -> new Ufm(BASE), "a ufm model needs a ufm configuration");
        assertMessage(() -> Architecture.parse("cnn"), "unknown model \"cnn\"");
        assertMessage(() -> Loss.parse("hinge"), "unknown loss");
    }

    @Test
    void copiesItsArraysAndComparesByContent() {
        int[] sizes = {3, 4};
        UfmConfig a = UfmConfig.of(Architecture.UFM, sizes, 2);
        sizes[0] = 99;
        assertEquals(3, a.classSizes()[0]);
        a.classSizes()[0] = 99;
        assertEquals(3, a.classSizes()[0]);
        UfmConfig b = UfmConfig.of(Architecture.UFM, new int[] {3, 4}, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withSeed(1));
        assertTrue(a.toString().contains("n=[3, 4]"), a.toString());
    }

    @Test
    void survivesSerialization() throws Exception {
        UfmConfig config = BASE.withDepth(2).withBias(true).withLoss(Loss.CROSS_ENTROPY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(config, in.readObject());
        }
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
