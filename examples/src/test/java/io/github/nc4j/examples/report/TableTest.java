package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {

    @Test
    void writesACsvWithOneLinePerRowPlusHeader(@TempDir Path dir) throws IOException {
        Table t = Table.withColumns("epoch", "acc");
        for (int e = 0; e < 5; e++) {
            t.addRow(e, e / 4.0);
        }
        Path file = RunOutput.at(dir).writeCsv("t.csv", t);
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
