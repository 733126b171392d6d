package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsValuesExactlyAndQuotesNames() throws IOException {
        Matrix m = Matrix.gaussian(6, 3, new Random(2));
        m.set(0, 0, Double.NaN);
        m.set(1, 1, Double.NEGATIVE_INFINITY);
        m.set(2, 2, Double.MIN_VALUE);
        List<String> names = List.of("step", "nc1, pinv", "say \"hi\"");
        Path file = dir.resolve("t.csv");
        Csv.write(file, names, m);
        Csv.Table t = Csv.read(file);
        assertEquals(names, t.columns());
        assertEquals(m, t.values());
        assertTrue(Files.readAllLines(file).get(0).equals("step,\"nc1, pinv\",\"say \"\"hi\"\"\""));
        Csv.write(file, List.of("a"), Matrix.zeros(0, 1));
        assertEquals(0, Csv.read(file).values().rows());
    }

    @Test
    void readsNumpyStyleSpecialValues() throws IOException {
        Path file = dir.resolve("n.csv");
        Files.writeString(file, "a,b,c\nnan, inf,-inf\n1e-3,2,3\n");
        Matrix v = Csv.read(file).values();
        assertTrue(Double.isNaN(v.get(0, 0)));
        assertEquals(Double.POSITIVE_INFINITY, v.get(0, 1));
        assertEquals(Double.NEGATIVE_INFINITY, v.get(0, 2));
        assertEquals(1e-3, v.get(1, 0));
    }

    @Test
    void namesTheLineAndColumnOfBadInput() throws IOException {
        Path file = dir.resolve("b.csv");
        Files.writeString(file, "a,b\n1,2\n3,x\n");
        var e = assertThrows(IOException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().endsWith("line 3, column 2: 'x' is not a number"), e.getMessage());
        Files.writeString(file, "a,b\n1,2,3\n");
        e = assertThrows(IOException.class, () -> Csv.read(file));
        assertTrue(e.getMessage().contains("line 2 has 3 fields, the header has 2"), e.getMessage());
        Files.writeString(file, "a,b\n1d,2\n");
        assertThrows(IOException.class, () -> Csv.read(file));
        Files.writeString(file, "");
        assertThrows(IOException.class, () -> Csv.read(file));
        assertThrows(IllegalArgumentException.class,
                () -> Csv.write(file, List.of("a"), Matrix.zeros(1, 2)));
    }

    /** Every written number parses back to the same bits: the CSV loses nothing. */
    @Test
    void numbersRoundTripExactly() {
        Random random = new Random(1);
        double[] edge = {0, -0.0, 1, -1, 0.1, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
                0x1p53, 0x1p53 + 2, -0x1p52 - 0.5, 123456789012.0, 1.0 / 3, Math.PI};
        for (int i = 0; i < 2000; i++) {
            double v = i < edge.length ? edge[i]
                    : Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(v)) {
                continue;
            }
            String written = Csv.formatNumber(v);
            assertEquals(Double.doubleToLongBits(v),
                    Double.doubleToLongBits(Double.parseDouble(written)), written);
        }
    }

    @Test
    void writesIntegralValuesWithoutAFraction() {
        assertEquals("100", Csv.formatNumber(100));
        assertEquals("-0.0", Csv.formatNumber(-0.0));
        assertEquals("1.0E-12", Csv.formatNumber(1e-12));
        assertEquals("NaN", Csv.formatNumber(Double.NaN));
    }
}
