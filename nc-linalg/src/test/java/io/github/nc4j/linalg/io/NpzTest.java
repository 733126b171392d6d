package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsStoredAndCompressedArchivesInOrder() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("features", NpyArray.of(Matrix.gaussian(20, 7, new Random(1))));
        arrays.put("labels", NpyArray.of(new long[] {0, 1, 2, 1}));
        arrays.put("mask", NpyArray.of(new boolean[] {true, false}));
        arrays.put("empty", NpyArray.of(Matrix.zeros(0, 3), NpyDType.FLOAT32));
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("a.npz");
            if (compressed) {
                Npz.writeCompressed(file, arrays);
            } else {
                Npz.write(file, arrays);
            }
            Map<String, NpyArray> back = Npz.read(file);
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
            assertEquals(arrays, back);
        }
    }

    @Test
    void namesTheEntryAndOffsetOfAMalformedArray() throws IOException {
        Path file = dir.resolve("bad.npz");
        byte[] good = bytesOf(NpyArray.of(new int[] {1, 2, 3}));
        byte[] truncated = Arrays.copyOf(good, good.length - 2);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("ok.npy"));
            zip.write(good);
            zip.putNextEntry(new ZipEntry("cut.npy"));
            zip.write(truncated);
        }
        var e = assertThrows(NpyFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().startsWith(file + "!cut.npy: byte 128:"), e.getMessage());

        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write(new byte[] {1});
        }
        e = assertThrows(NpyFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("not a .npy"),
                e.getMessage());

        Files.write(file, new byte[] {1, 2, 3, 4});
        assertThrows(ZipException.class, () -> Npz.read(file));
    }

    @Test
    void trailingBytesInAnEntryAreAnError() throws IOException {
        Path file = dir.resolve("t.npz");
        byte[] good = bytesOf(NpyArray.of(new int[] {7}));
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(good);
            zip.write(0);
        }
        var e = assertThrows(NpyFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains("needs 4 data bytes, but the file holds 5"), e.getMessage());
    }

    private static byte[] bytesOf(NpyArray array) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        return out.toByteArray();
    }
}
