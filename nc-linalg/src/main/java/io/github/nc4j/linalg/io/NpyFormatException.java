package io.github.nc4j.linalg.io;

import java.io.IOException;

/**
 * A {@code .npy} or {@code .npz} file that does not follow the format, or uses a feature nc4j
 * does not support. The message names the source, the byte offset where the problem was found
 * and the problem itself.
 */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The offset in the source where the problem was found (serialized). */
    private final long byteOffset;

    /**
     * An exception whose message names the source, the offset and the problem.
     *
     * @param source     what was being read (a file name, an archive entry)
     * @param byteOffset offset in the source where the problem lies
     * @param problem    what is wrong
     */
    public NpyFormatException(String source, long byteOffset, String problem) {
        super(source + ": byte " + byteOffset + ": " + problem);
        this.byteOffset = byteOffset;
    }

    /** {@return the offset in the source where the problem was found} */
    public long byteOffset() {
        return byteOffset;
    }
}
