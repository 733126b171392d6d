package io.github.nc4j.linalg.io;

import io.github.nc4j.linalg.Matrix;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; element types
 * float64, float32, int64, int32, uint8 and bool; C and Fortran order; little- and big-endian;
 * rank 0, 1 and 2). See {@link NpyHeader} for the format, {@link Npz} for {@code .npz} archives
 * and {@link NpyFile} for reading large files in pieces.
 *
 * <p>Malformed input raises {@link NpyFormatException} naming the byte offset of the problem.
 * A header is checked against the data actually present before anything is allocated for it, so
 * a header that claims a huge shape fails cleanly instead of exhausting memory.
 *
 * <p>Files written here load with {@code numpy.load}: the header is the one NumPy itself writes
 * (version 1.0, little-endian, C order, padded to 64 bytes).
 */
public final class Npy {

    /** Bytes read before the buffer for data of unknown true length grows. */
    private static final int FIRST_CHUNK = 1 << 20;

    /** The longest Java array (the JVM reserves a few header words). */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /**
     * Reads a whole file.
     *
     * @param path the file
     * @return the array
     * @throws NpyFormatException if the file is malformed, uses an unsupported feature, its size
     *     does not match the header, or its data would not fit one Java array (use
     *     {@link #open} then)
     * @throws IOException if the file cannot be read
     */
    public static NpyArray read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return read(in, path.toString(), Files.size(path));
        }
    }

    /**
     * Reads one array from {@code in} and leaves the stream just after its data (so several
     * arrays saved one after another into one stream read back in turn). Memory grows with the
     * bytes actually read, never beyond twice the data a truthful header describes.
     *
     * @param name named in error messages
     * @param in the stream
     * @return the array
     * @throws NpyFormatException if the bytes are malformed, or the stream ends before the data
     *     the header announces
     * @throws IOException if the stream cannot be read
     */
    public static NpyArray read(InputStream in, String name) throws IOException {
        return read(in, name, -1);
    }

    /** As {@link #read(InputStream, String)}, with the total size of the source if known. */
    static NpyArray read(InputStream in, String name, long size) throws IOException {
        NpyHeader header = NpyHeader.read(in, name, size);
        for (long dim : header.shape()) {
            if (dim > MAX_ARRAY) {
                throw new NpyFormatException(name, header.dataOffset(), "shape "
                        + header.shapeText() + " has a dimension beyond the " + MAX_ARRAY
                        + " elements a Java array holds");
            }
        }
        long need = header.dataBytes();
        if (need > MAX_ARRAY) {
            throw new NpyFormatException(name, header.dataOffset(), header.shapeText() + " of "
                    + header.dtype() + " is " + need + " bytes, more than one Java array holds; "
                    + "read it in pieces with Npy.open");
        }
        byte[] data = new byte[(int) Math.min(need, size >= 0 ? need : FIRST_CHUNK)];
        int got = 0;
        while (got < need) {
            if (got == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(need, 2L * data.length));
            }
            int n = in.read(data, got, data.length - got);
            if (n < 0) {
                throw new NpyFormatException(name, header.dataOffset() + got, "data ends after "
                        + got + " of the " + need + " bytes that shape " + header.shapeText()
                        + " of " + header.dtype() + " needs");
            }
            got += n;
        }
        return new NpyArray(header, data);
    }

    /**
     * Reads a 2-D array as a matrix of doubles.
     *
     * @param path the file
     * @return the matrix
     * @throws IllegalStateException if the array is not 2-D
     * @throws IOException if the file cannot be read, or is malformed ({@link NpyFormatException})
     */
    public static Matrix readMatrix(Path path) throws IOException {
        return read(path).toMatrix();
    }

    /**
     * Reads a 1-D array of any element type as doubles.
     *
     * @param path the file
     * @return the elements
     * @throws IllegalStateException if the array is not 1-D
     * @throws IOException if the file cannot be read, or is malformed ({@link NpyFormatException})
     */
    public static double[] readVector(Path path) throws IOException {
        NpyArray array = read(path);
        if (array.header().rank() != 1) {
            throw new IllegalStateException(path + ": expected a 1-D array, got shape "
                    + array.header().shapeText());
        }
        return array.toDoubles();
    }

    /**
     * Reads a 1-D integer or bool array as ints (labels, typically int64 from PyTorch).
     *
     * @param path the file
     * @return the elements
     * @throws IllegalStateException if the array is not 1-D, holds floating-point numbers, or
     *     holds an int64 value outside the int range
     * @throws IOException if the file cannot be read, or is malformed ({@link NpyFormatException})
     */
    public static int[] readInts(Path path) throws IOException {
        NpyArray array = read(path);
        if (array.header().rank() != 1) {
            throw new IllegalStateException(path + ": expected a 1-D array, got shape "
                    + array.header().shapeText());
        }
        return array.toInts();
    }

    /**
     * Opens a file for reading in pieces; see {@link NpyFile}.
     *
     * @param path the file
     * @return the open file, to close after use
     * @throws IOException if the file cannot be read, or its header is malformed
     *     ({@link NpyFormatException})
     */
    public static NpyFile open(Path path) throws IOException {
        return NpyFile.open(path);
    }

    /**
     * Writes {@code array} to {@code path}, replacing any existing file.
     *
     * @param path the file
     * @param array the array
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, NpyArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
            write(out, array);
        }
    }

    /**
     * Writes {@code m} as a float64 C-order array.
     *
     * @param path the file
     * @param m the matrix
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, Matrix m) throws IOException {
        write(path, NpyArray.of(m));
    }

    /**
     * Writes only a header, for arrays written in pieces: the caller then writes exactly
     * {@code header.dataBytes()} bytes of elements in the header's type, byte order and memory
     * order (for example rows of float32 produced one batch at a time).
     *
     * @param out the stream
     * @param header the header
     * @throws IOException if the stream cannot be written
     */
    public static void writeHeader(OutputStream out, NpyHeader header) throws IOException {
        out.write(header.encode());
    }

    /**
     * Writes the header and data of {@code array} to {@code out} (which stays open).
     *
     * @param out the stream
     * @param array the array
     * @throws IOException if the stream cannot be written
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(array.header().encode());
        out.write(array.rawData());
    }
}
