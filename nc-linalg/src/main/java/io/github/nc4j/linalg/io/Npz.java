package io.github.nc4j.linalg.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file with one {@code .npy} file per array,
 * named {@code <key>.npy}, as {@code numpy.savez} (stored) and {@code numpy.savez_compressed}
 * (deflated) write them.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /**
     * Reads every array of an archive, keyed by entry name without the {@code .npy} suffix, in
     * archive order.
     *
     * @param path the archive
     * @return the arrays by name
     * @throws NpyFormatException if an entry is not a well-formed {@code .npy} file (the message
     *     names the entry and the offset inside it), or an entry name does not end in
     *     {@code .npy}
     * @throws java.util.zip.ZipException if the file is not a valid zip archive
     * @throws IOException if the file cannot be read
     */
    public static Map<String, NpyArray> read(Path path) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String source = path + "!" + entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entry.getName().endsWith(SUFFIX)) {
                    throw new NpyFormatException(source, 0, "entry is not a .npy file");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    // Read as a stream of unknown length: the size an archive declares for an
                    // entry is not checked against its contents, and trusting it would let a
                    // lying archive make Npy.read allocate up to 2 GiB before finding no data.
                    NpyArray array = Npy.read(in, source);
                    if (in.read() >= 0) {
                        throw new NpyFormatException(source, array.header().dataOffset()
                                + array.header().dataBytes(), "unexpected bytes after the data");
                    }
                    String key = entry.getName().substring(0,
                            entry.getName().length() - SUFFIX.length());
                    arrays.put(key, array);
                }
            }
        }
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * Writes an uncompressed archive, as {@code numpy.savez}; existing files are replaced.
     *
     * @param path the archive
     * @param arrays the arrays by name, written in the map's order
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
        write(path, arrays, false);
    }

    /**
     * Writes a deflate-compressed archive, as {@code numpy.savez_compressed}.
     *
     * @param path the archive
     * @param arrays the arrays by name, written in the map's order
     * @throws IOException if the file cannot be written
     */
    public static void writeCompressed(Path path, Map<String, NpyArray> arrays)
            throws IOException {
        write(path, arrays, true);
    }

    private static void write(Path path, Map<String, NpyArray> arrays, boolean compressed)
            throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(path));
             ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                byte[] header = e.getValue().header().encode();
                byte[] data = e.getValue().rawData();
                if (!compressed) {
                    // A stored entry must announce its size and checksum up front.
                    CRC32 crc = new CRC32();
                    crc.update(header);
                    crc.update(data);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(header.length + (long) data.length);
                    entry.setCrc(crc.getValue());
                } else {
                    entry.setMethod(ZipEntry.DEFLATED);
                }
                zip.putNextEntry(entry);
                zip.write(header);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }
}
