package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxFiles.concat;
import static io.github.nc4j.core.data.IdxFiles.gzip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing the IDX reader: whatever the bytes, it returns an array consistent with the header or
 * throws {@link IdxFormatException}; never another exception, never a huge allocation.
 */
class IdxProperties {

    private static final int[] TYPE_SIZES = new int[256];

    static {
        TYPE_SIZES[0x08] = 1;
        TYPE_SIZES[0x09] = 1;
        TYPE_SIZES[0x0B] = 2;
        TYPE_SIZES[0x0C] = 4;
        TYPE_SIZES[0x0D] = 4;
        TYPE_SIZES[0x0E] = 8;
    }

    /** Headers that are mostly plausible (so the fuzzer gets past the magic number) plus data. */
    @Provide
    Arbitrary<byte[]> idxLike() {
        Arbitrary<Integer> type = Arbitraries.oneOf(Arbitraries.of(0x08, 0x09, 0x0B, 0x0C, 0x0D,
                0x0E), Arbitraries.integers().between(0, 255));
        Arbitrary<int[]> dims = Arbitraries.oneOf(Arbitraries.integers().between(0, 4),
                Arbitraries.integers(), Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE,
                        1 << 30, 65536)).array(int[].class).ofMinSize(0).ofMaxSize(4);
        Arbitrary<Integer> magicHigh = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 0xFFFF));
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return Combinators.combine(magicHigh, type, dims, data).as((m, t, d, body) -> {
            byte[] h = IdxFiles.header(t, d);
            h[0] = (byte) (m >>> 8);
            h[1] = (byte) (int) m;
            return concat(h, body);
        });
    }

    @Property(tries = 1500)
    void plausibleBytesAreReadConsistentlyOrRejected(@ForAll("idxLike") byte[] bytes,
            @ForAll boolean gzipped) throws IOException {
        readOrReject(gzipped ? gzip(bytes) : bytes, bytes);
    }

    @Property(tries = 500)
    void randomBytesAreReadConsistentlyOrRejected(@ForAll byte[] bytes) throws IOException {
        readOrReject(bytes, bytes);
    }

    /** Cutting a valid file anywhere, or appending to it, is always an error. */
    @Property(tries = 300)
    void truncatedOrExtendedValidFilesAreAlwaysRejected(
            @ForAll @IntRange(min = 0, max = 4) int items, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll @IntRange(min = 0, max = 200) int cutSeed, @ForAll boolean extend,
            @ForAll boolean gzipped) throws IOException {
        int[] pixels = new int[items * w];
        Arrays.setAll(pixels, k -> 17 * k);
        byte[] valid = IdxFiles.unsignedBytes(pixels, items, w);
        byte[] broken = extend ? concat(valid, new byte[1 + cutSeed % 3])
                : Arrays.copyOf(valid, cutSeed % valid.length);
        byte[] file = gzipped ? gzip(broken) : broken;
        expectFormatError(() -> Idx.read(new ByteArrayInputStream(file), "fuzz", Integer.MAX_VALUE));
        expectFormatError(() -> readViaFile(file));
    }

    private static void readOrReject(byte[] file, byte[] uncompressed) throws IOException {
        for (int path = 0; path < 2; path++) {
            Idx.IdxArray array;
            try {
                array = path == 0 ? Idx.read(new ByteArrayInputStream(file), "fuzz", Integer.MAX_VALUE)
                        : readViaFile(file);
            } catch (IdxFormatException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= uncompressed.length + 1,
                        "offset " + e.offset() + " outside the file: " + e.getMessage());
                continue;
            }
            int typeCode = uncompressed[2] & 0xFF;
            long elements = 1;
            for (int d : array.dimensions()) {
                elements *= d;
            }
            assertEquals(array.type().code(), typeCode);
            assertEquals(uncompressed[3] & 0xFF, array.dimensions().length);
            assertEquals(elements, array.values().length);
            assertEquals(uncompressed.length, 4 + 4 * array.dimensions().length
                    + elements * TYPE_SIZES[typeCode]);
        }
    }

    private static Idx.IdxArray readViaFile(byte[] content) throws IOException {
        Path file = Files.createTempFile("idx-fuzz", ".bin");
        try {
            Files.write(file, content);
            return Idx.read(file);
        } finally {
            Files.delete(file);
        }
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static void expectFormatError(Read read) throws IOException {
        try {
            read.run();
            fail("a truncated or extended file was accepted");
        } catch (IdxFormatException expected) {
            // the only acceptable outcome
        }
    }
}
