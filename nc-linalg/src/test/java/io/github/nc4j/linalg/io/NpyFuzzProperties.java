package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the reader: mutated valid files and random header text must either read or fail with
 * {@link NpyFormatException}, never with another exception (index out of bounds, negative array
 * size, out of memory) and never by hanging.
 */
class NpyFuzzProperties {

    private static byte[] validFile(Random random) throws IOException {
        NpyDType type = NpyDType.values()[random.nextInt(NpyDType.values().length)];
        int rank = random.nextInt(3);
        int rows = random.nextInt(6);
        int cols = random.nextInt(6);
        NpyArray array = switch (rank) {
            case 0 -> NpyArray.of(new double[] {1}, type);
            case 1 -> NpyArray.of(new double[rows], type);
            default -> NpyArray.of(Matrix.zeros(rows, cols), type)
                    .withFortranOrder(random.nextBoolean());
        };
        array = array.withByteOrder(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, array);
        return out.toByteArray();
    }

    @Provide
    Arbitrary<Integer> mutationCounts() {
        return Arbitraries.integers().between(1, 8);
    }

    @Property(tries = 3000)
    void mutatedFilesReadOrFailCleanly(@ForAll long seed, @ForAll("mutationCounts") int mutations)
            throws IOException {
        Random random = new Random(seed);
        byte[] bytes = validFile(random);
        for (int m = 0; m < mutations; m++) {
            int kind = random.nextInt(4);
            int at = random.nextInt(bytes.length);
            switch (kind) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = "{}(),:' 0123456789TrueFalse<>|fiub\n".getBytes(
                        StandardCharsets.US_ASCII)[random.nextInt(35)];
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(16));
                    bytes = longer;
                }
            }
            if (bytes.length == 0) {
                break;
            }
        }
        readOrFailCleanly(bytes);
    }

    @Property(tries = 2000)
    void randomHeaderTextReadsOrFailsCleanly(@ForAll long seed) {
        Random random = new Random(seed);
        String[] pieces = {"{", "}", "(", ")", ",", ":", " ", "'descr'", "'shape'",
            "'fortran_order'", "'<f8'", "'>i4'", "'|u1'", "'|b1'", "True", "False", "0", "3",
            "99999999999", "9999999999999999999999", "L", "'", "\"", "[", "]", "\n", "'x'"};
        StringBuilder dict = new StringBuilder();
        int length = random.nextInt(30);
        for (int i = 0; i < length; i++) {
            dict.append(pieces[random.nextInt(pieces.length)]);
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[10 + text.length + random.nextInt(64)];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        System.arraycopy(magic, 0, bytes, 0, 8);
        bytes[8] = (byte) text.length;
        System.arraycopy(text, 0, bytes, 10, text.length);
        readOrFailCleanly(bytes);
    }

    private static void readOrFailCleanly(byte[] bytes) {
        try {
            NpyArray array = Npy.read(new ByteArrayInputStream(bytes), "fuzz");
            // Whatever was read must be self-consistent and convertible.
            assertEquals(array.header().dataBytes(), array.rawData().length);
            if (array.dtype().isFloatingPoint()) {
                array.toDoubles();
            } else {
                array.toLongs();
            }
        } catch (NpyFormatException expected) {
            if (expected.byteOffset() < 0 || expected.byteOffset() > bytes.length) {
                fail("offset " + expected.byteOffset() + " outside a " + bytes.length
                        + "-byte input: " + expected.getMessage());
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new AssertionError("unclean failure on " + bytes.length + " bytes: " + e, e);
        }
    }
}
