package io.github.nc4j.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a novel image dataset for
 * benchmarking machine learning algorithms", 2017): 28 x 28 gray-level images of 10 kinds of
 * clothing, 60 000 for training and 10 000 for testing, in the four IDX files of MNIST's layout.
 *
 * <p>Samples are rows of 784 pixels scaled to [0, 1] (see {@link Idx#readImages}), labels
 * 0..9 as in {@link #CLASS_NAMES}. The files are looked for under their standard names, with or
 * without {@code .gz}, in {@link #DEFAULT_DIRECTORY} (where Debian's package
 * {@code dataset-fashion-mnist} installs them) or a directory given by the caller.
 */
public final class FashionMnist {

    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Number of classes. */
    public static final int NUM_CLASSES = 10;

    /** Image height and width in pixels. */
    public static final int IMAGE_SIDE = 28;

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final Path directory;

    private FashionMnist(Path directory) {
        this.directory = directory;
    }

    /**
     * {@return the data set in {@link #DEFAULT_DIRECTORY}}
     *
     * @throws NoSuchFileException if a file is missing; the message says how to install the
     *     Debian package or how to pass another directory
     */
    public static FashionMnist atDefaultLocation() throws NoSuchFileException {
        return at(DEFAULT_DIRECTORY);
    }

    /**
     * {@return the data set in {@code directory}, which must hold the four IDX files (gzipped or
     * not)} Only their presence is checked here; they are read by {@link #train} and {@link #test}.
     *
     * @param directory the directory of the four files
     * @throws NoSuchFileException if a file is missing; the message names it and says how to
     *     install the data set or pass another directory
     */
    public static FashionMnist at(Path directory) throws NoSuchFileException {
        FashionMnist data = new FashionMnist(directory);
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            data.file(name);
        }
        return data;
    }

    /** {@return the directory the files are read from} */
    public Path directory() {
        return directory;
    }

    /**
     * {@return the first {@code min(maxSamples, 60000)} training samples, in file order}
     *
     * @param maxSamples the largest number of samples to read
     * @throws IOException if a file cannot be read or is not well-formed IDX
     */
    public LabeledData train(int maxSamples) throws IOException {
        return Idx.readLabeled(file(TRAIN_IMAGES), file(TRAIN_LABELS), NUM_CLASSES, maxSamples);
    }

    /**
     * {@return the first {@code min(maxSamples, 10000)} test samples, in file order}
     *
     * @param maxSamples the largest number of samples to read
     * @throws IOException if a file cannot be read or is not well-formed IDX
     */
    public LabeledData test(int maxSamples) throws IOException {
        return Idx.readLabeled(file(TEST_IMAGES), file(TEST_LABELS), NUM_CLASSES, maxSamples);
    }

    private Path file(String name) throws NoSuchFileException {
        for (String candidate : List.of(name + ".gz", name)) {
            Path p = directory.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(directory.resolve(name + ".gz").toString(), null,
                "Fashion-MNIST not found (neither this file nor " + name + " exists). Install it"
                + " with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu; files go"
                + " to " + DEFAULT_DIRECTORY + "), or pass a directory holding " + TRAIN_IMAGES
                + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS
                + " (gzipped or not), e.g. nc4j mlp --data DIR");
    }
}
