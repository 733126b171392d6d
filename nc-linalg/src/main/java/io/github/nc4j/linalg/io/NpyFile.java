package io.github.nc4j.linalg.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .npy} file opened for reading in pieces, for arrays too large to hold in memory: rows
 * are read on demand with positional reads from a {@link FileChannel} into one reused buffer, so
 * memory stays proportional to the rows requested, not to the file.
 *
 * <p>The header is validated on opening, including that the file size matches the shape
 * exactly. A 1-D array reads as a column (n rows of one element), a scalar as one row. Not safe
 * for concurrent use by several threads.
 */
public final class NpyFile implements Closeable {

    private final FileChannel channel;
    private final String name;
    private final NpyHeader header;
    private final RowDecoder decoder;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    private NpyFile(FileChannel channel, String name) throws IOException {
        this.channel = channel;
        this.name = name;
        this.header = NpyHeader.read(Channels.newInputStream(channel), name, channel.size());
        this.decoder = new RowDecoder(header, this::read, name);
    }

    /**
     * Opens {@code path} and reads its header.
     *
     * @param path the file
     * @return the open file, to close after use
     * @throws NpyFormatException if the header is malformed or does not match the file size
     * @throws IOException if the file cannot be read
     */
    public static NpyFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new NpyFile(channel, path.toString());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** {@return the validated header} */
    public NpyHeader header() {
        return header;
    }

    /** {@return the number of rows: the first dimension (1 for a scalar)} */
    public long rows() {
        return decoder.rows();
    }

    /** {@return the number of elements per row: the second dimension of a 2-D array, else 1} */
    public int cols() {
        return decoder.cols();
    }

    /**
     * Reads rows {@code [first, first + count)} as doubles into {@code dest}, row-major from
     * {@code offset} (exact for every type except int64 values beyond 2^53, which round).
     *
     * @param first the first row to read
     * @param count the number of rows
     * @param dest the array to fill
     * @param offset the index in {@code dest} of the first element read
     * @throws IndexOutOfBoundsException if the rows are outside the array or do not fit
     *     {@code dest}
     * @throws IOException if the file cannot be read
     */
    public void readRows(long first, int count, double[] dest, int offset) throws IOException {
        decoder.readRows(first, count, dest, offset);
    }

    /**
     * Reads rows {@code [first, first + count)} of an integer or bool array as longs.
     *
     * @param first the first row to read
     * @param count the number of rows
     * @param dest the array to fill
     * @param offset the index in {@code dest} of the first element read
     * @throws IllegalStateException if the array holds floating-point numbers
     * @throws IOException if the file cannot be read
     */
    public void readRows(long first, int count, long[] dest, int offset) throws IOException {
        decoder.readRows(first, count, dest, offset);
    }

    private ByteBuffer read(long dataPosition, int byteCount) throws IOException {
        if (buffer.capacity() < byteCount) {
            // Direct, so the channel reads straight into it instead of through a hidden copy.
            buffer = ByteBuffer.allocateDirect(byteCount);
        }
        buffer.clear().limit(byteCount);
        long position = header.dataOffset() + dataPosition;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new EOFException(name + ": byte " + (position + buffer.position())
                        + ": the file ended early (was it truncated while open?)");
            }
        }
        return buffer.flip().order(header.byteOrder());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return name + " (" + header + ")";
    }
}
