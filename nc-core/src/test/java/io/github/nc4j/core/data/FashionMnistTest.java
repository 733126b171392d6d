package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzipped = {0}")
    @ValueSource(booleans = {true, false})
    void readsTheFourFilesOfADirectory(boolean gzipped) throws IOException {
        IdxFiles.writeMnistLayout(dir, 30, 12, 4, gzipped);
        FashionMnist data = FashionMnist.at(dir);

        LabeledData train = data.train(Integer.MAX_VALUE);
        LabeledData test = data.test(5);

        assertEquals(30, train.size());
        assertEquals(16, train.dimension());
        assertEquals(10, train.numClasses());
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, train.classCounts());
        assertEquals(5, test.size());
        assertEquals((7 + 3 * 2) / 255.0, train.features().get(7, 2)); // pixel (i + 3j) mod 256
        assertEquals(dir, data.directory());
    }

    @Test
    void missingFilesSayHowToInstallOrWhereToPoint() throws IOException {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> FashionMnist.at(dir.resolve("nowhere")));
        assertMentions(e, "sudo apt-get install dataset-fashion-mnist", "pass a directory",
                "train-images-idx3-ubyte");

        IdxFiles.writeMnistLayout(dir, 3, 3, 2, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertMentions(assertThrows(NoSuchFileException.class, () -> FashionMnist.at(dir)),
                "t10k-labels-idx1-ubyte");
    }

    /** Runs only where Debian's dataset-fashion-mnist is installed; skipped elsewhere. */
    @Test
    void realFilesHaveTheDocumentedShape() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        FashionMnist data = FashionMnist.atDefaultLocation();
        LabeledData test = data.test(Integer.MAX_VALUE);
        assertEquals(10_000, test.size());
        assertEquals(28 * 28, test.dimension());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000},
                test.classCounts());
        assertEquals(2000, data.train(2000).size());

        // The pixel statistics every PyTorch Fashion-MNIST script normalizes with
        // (transforms.Normalize((0.2860,), (0.3530,))), rounded there to 4 digits.
        LabeledData train = data.train(Integer.MAX_VALUE);
        assertEquals(60_000, train.size());
        Standardizer pixels = Standardizer.fitGlobal(train.features());
        assertEquals(0.2860, pixels.mean()[0], 5e-5);
        assertEquals(0.3530, pixels.scale()[0], 5e-5);
    }
}
