package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @Test
    void writesHeaderAndRowsWithExactNumbers() {
        Table t = Table.withColumns("step", "loss", "NC1, layer 1", "say \"hi\"")
                .addRow(0, 2.5, Double.NaN, Double.POSITIVE_INFINITY)
                .addRow(100, 1e-12, -0.0, -3);
        assertEquals("step,loss,\"NC1, layer 1\",\"say \"\"hi\"\"\"\n"
                + "0,2.5,NaN,Infinity\n"
                + "100,1.0E-12,-0.0,-3\n", Csv.format(t));
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
            String written = Csv.number(v);
            assertEquals(Double.doubleToLongBits(v),
                    Double.doubleToLongBits(Double.parseDouble(written)), written);
        }
    }

    @Test
    void writesAFileWithOneLinePerRowPlusHeader(@TempDir Path dir) throws IOException {
        Table t = Table.withColumns("epoch", "acc");
        for (int e = 0; e < 5; e++) {
            t.addRow(e, e / 4.0);
        }
        Path file = Csv.write(dir.resolve("t.csv"), t);
        List<String> lines = Files.readAllLines(file);
        assertEquals(6, lines.size());
        assertEquals("epoch,acc", lines.get(0));
        assertEquals("4,1", lines.get(5));
        assertTrue(lines.stream().allMatch(l -> l.split(",").length == 2));
    }

    @Test
    void tablesCheckTheirShape() {
        assertThrows(IllegalArgumentException.class, () -> Table.withColumns("a", "a"));
        assertThrows(IllegalArgumentException.class, Table::withColumns);
        Table t = Table.withColumns("a", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.addRow(1, 2, 3));
        assertTrue(e.getMessage().contains("3 values for 2 columns"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.column("c"));
        assertThrows(IllegalStateException.class, t::lastRow);
        t.addRow(1, 2).addRow(3, 4);
        assertEquals(List.of(1.0, 3.0), java.util.Arrays.stream(t.column("a")).boxed().toList());
        assertEquals(4.0, t.lastRow()[1]);
    }
}
