package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        assertTrue(e.getMessage().startsWith(file + "!cut.npy: byte 138: data ends after 10 of"
                + " the 12 bytes"), e.getMessage());

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
        assertTrue(e.getMessage().contains("x.npy: byte 132: unexpected bytes after the data"),
                e.getMessage());
    }

    /**
     * An archive may declare any size for an entry: here 2 * 10^9 + 128 bytes for a 144-byte
     * .npy whose header claims 250,000,000 float64. Believing it would allocate 2 GB before
     * finding 16 data bytes; reading as a stream allocates at most Npy's first 1 MiB chunk plus
     * the zip reader's buffers (bound: 16 MiB).
     */
    @Test
    void aLyingEntrySizeDoesNotDecideTheAllocation() throws IOException {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting unavailable on this JVM: skipping");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NpyHeader header = NpyHeader.of(NpyDType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false,
                250_000_000L);
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.writeHeader(npy, header);
        npy.write(new byte[16]);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(archive)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npy.toByteArray());
        }
        byte[] bytes = archive.toByteArray();
        // the uncompressed size of the entry's central-directory record (signature PK\1\2)
        int central = indexOf(bytes, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(bytes, central + 24, 4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (header.dataOffset() + header.dataBytes()));
        Path file = dir.resolve("lying.npz");
        Files.write(file, bytes);

        long before = threads.getCurrentThreadAllocatedBytes();
        var e = assertThrows(NpyFormatException.class, () -> Npz.read(file));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("data ends after 16 of the 2000000000 bytes"),
                e.getMessage());
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static byte[] bytesOf(NpyArray array) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        return out.toByteArray();
    }
}
