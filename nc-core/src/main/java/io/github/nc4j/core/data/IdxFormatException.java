package io.github.nc4j.core.data;

import java.io.IOException;

/**
 * A file that does not follow the IDX format: the message names the problem, and
 * {@link #offset()} is the byte offset where it was found, counted in the uncompressed IDX
 * stream (so in the decompressed data of a gzipped file).
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The byte offset of the problem in the uncompressed stream (serialized). */
    private final long offset;

    IdxFormatException(String source, long offset, String problem) {
        super(source + ": " + problem);
        this.offset = offset;
    }

    IdxFormatException(String source, long offset, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.offset = offset;
    }

    /** {@return the byte offset in the uncompressed IDX stream where the problem was found} */
    public long offset() {
        return offset;
    }
}
