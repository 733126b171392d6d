package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by nc4j load in NumPy, and files NumPy writes (versions 1.0, 2.0 and 3.0,
 * {@code savez}, {@code savez_compressed}) load in nc4j. Each array makes a round trip through
 * NumPy: nc4j writes it, NumPy loads it and saves it again with its own writer, and nc4j reads
 * NumPy's file and compares values, element type, byte order and memory order with the original.
 * Skipped, with a message, when {@code python3} with NumPy is not installed.
 */
class NumpyInteropTest {

    @TempDir
    Path dir;

    private static boolean numpyAvailable;

    @BeforeAll
    static void findNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            numpyAvailable = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            numpyAvailable = false;
        }
    }

    private static final String SCRIPT = """
            import sys, os, numpy as np
            src, dst = sys.argv[1], sys.argv[2]
            for name in sorted(os.listdir(src)):
                path = os.path.join(src, name)
                if name.endswith('.npz'):
                    with np.load(path) as z:
                        np.savez(os.path.join(dst, name), **{k: z[k] for k in z.files})
                    continue
                a = np.load(path)
                version = (1, 0) if 'v1' in name else (2, 0) if 'v2' in name else (3, 0)
                with open(os.path.join(dst, name), 'wb') as f:
                    np.lib.format.write_array(f, a, version=version)
            np.savez_compressed(os.path.join(dst, 'numpy_made.npz'),
                                x=np.arange(6, dtype='>f4').reshape(2, 3), y=np.array([1, 0], dtype=np.int64))
            print('ok')
            """;

    @Test
    void arraysSurviveARoundTripThroughNumpy() throws Exception {
        assumeTrue(numpyAvailable, "python3 with numpy not found: skipping the NumPy interop test");
        Path src = Files.createDirectory(dir.resolve("nc4j"));
        Path dst = Files.createDirectory(dir.resolve("numpy"));
        Random random = new Random(11);
        Map<String, NpyArray> cases = new LinkedHashMap<>();
        Matrix gaussian = Matrix.gaussian(7, 5, random);
        Matrix small = Matrix.generate(4, 3, (i, j) -> (i * 3 + j) % 2);
        int version = 0;
        for (NpyDType type : NpyDType.values()) {
            Matrix m = type.isFloatingPoint() ? gaussian : small;
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    String name = type + "_" + (order == ByteOrder.BIG_ENDIAN ? "be" : "le")
                            + (fortran ? "_f" : "_c") + "_v" + (1 + version++ % 3);
                    cases.put(name, NpyArray.of(m, type).withByteOrder(order).withFortranOrder(fortran));
                }
            }
        }
        cases.put("vector_v1", NpyArray.of(new long[] {Long.MIN_VALUE, 5, Long.MAX_VALUE}));
        cases.put("empty_v2", NpyArray.of(Matrix.zeros(0, 4)));
        cases.put("scalar_v3", NpyArray.of(new double[] {2.5}, NpyDType.FLOAT64));
        for (Map.Entry<String, NpyArray> e : cases.entrySet()) {
            Npy.write(src.resolve(e.getKey() + ".npy"), e.getValue());
        }
        Map<String, NpyArray> archive = new LinkedHashMap<>();
        archive.put("w", NpyArray.of(gaussian, NpyDType.FLOAT32));
        archive.put("labels", NpyArray.of(new int[] {3, 1, 2}));
        Npz.writeCompressed(src.resolve("archive.npz"), archive);

        Path script = dir.resolve("roundtrip.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("python3", script.toString(), src.toString(), dst.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), output);

        for (Map.Entry<String, NpyArray> e : cases.entrySet()) {
            NpyArray original = e.getValue();
            NpyArray numpys = Npy.read(dst.resolve(e.getKey() + ".npy"));
            String what = e.getKey();
            assertEquals(original.dtype(), numpys.dtype(), what);
            assertArrayEquals(original.shape(), numpys.shape(), what);
            if (original.dtype().size() > 1) {
                assertEquals(original.header().byteOrder(), numpys.header().byteOrder(), what);
            }
            if (original.header().rank() == 2 && original.shape()[0] > 1 && original.shape()[1] > 1) {
                assertEquals(original.header().isFortranOrder(), numpys.header().isFortranOrder(), what);
            }
            if (original.dtype().isFloatingPoint()) {
                assertArrayEquals(original.toDoubles(), numpys.toDoubles(), what);
            } else {
                assertArrayEquals(original.toLongs(), numpys.toLongs(), what);
            }
        }
        assertEquals(archive, Npz.read(dst.resolve("archive.npz")));
        Map<String, NpyArray> made = Npz.read(dst.resolve("numpy_made.npz"));
        assertEquals(Matrix.of(new double[][] {{0, 1, 2}, {3, 4, 5}}), made.get("x").toMatrix());
        assertEquals(ByteOrder.BIG_ENDIAN, made.get("x").header().byteOrder());
        assertArrayEquals(new long[] {1, 0}, made.get("y").toLongs());
    }
}
