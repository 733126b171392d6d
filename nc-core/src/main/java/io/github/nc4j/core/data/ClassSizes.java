package io.github.nc4j.core.data;

import java.util.Arrays;

/**
 * Class sizes {@code n_0, ..., n_{K-1}} for balanced and imbalanced experiments, always with
 * every class non-empty. Use them to build models of a given imbalance, or with
 * {@link LabeledData#subsample} to cut a data set down to them.
 *
 * <p>The two standard imbalance profiles follow the conventions of the imbalance literature,
 * with ratio {@code rho = max_k n_k / min_k n_k}:
 * <ul>
 *   <li>step (Buda, Maki and Mazurowski, "A systematic study of the class imbalance problem in
 *       convolutional neural networks", 2018): a fraction {@code mu} of the classes, the last
 *       ones, are minority classes of size {@code n_max / rho};</li>
 *   <li>long-tailed (Cui et al., "Class-balanced loss based on effective number of samples",
 *       CVPR 2019; Cao et al., "LDAM", NeurIPS 2019): sizes decay exponentially,
 *       {@code n_k = n_max * rho^(-k / (K-1))}.</li>
 * </ul>
 * Sizes are truncated to integers exactly as in Cao et al.'s code ({@code int(n_max * (1/rho) **
 * (k/(K-1)))}, computed with {@link StrictMath} so every JVM agrees), so the counts match the
 * published ones, e.g. CIFAR-10-LT with rho = 100: 5000, 2997, 1796, ..., 83, 50.
 */
public final class ClassSizes {

    private ClassSizes() {}

    /**
     * {@return K classes of {@code perClass} samples each}
     *
     * @param numClasses the number of classes K
     * @param perClass the number of samples of each class
     */
    public static int[] balanced(int numClasses, int perClass) {
        requireAtLeast("number of classes", numClasses, 1);
        requireAtLeast("class size", perClass, 1);
        int[] sizes = new int[numClasses];
        Arrays.fill(sizes, perClass);
        return sizes;
    }

    /**
     * Step imbalance: the first {@code K - m} classes have {@code largest} samples, the last
     * {@code m = round(minorityFraction * K)} have {@code int(largest * (1/rho))}.
     *
     * @param numClasses the number of classes K
     * @param largest the size of the majority classes
     * @param minorityFraction the fraction of the classes that are minorities
     * @param rho the imbalance ratio, at least 1
     * @return the class sizes
     * @throws IllegalArgumentException if {@code K < 2}, {@code rho < 1} or not finite, m is 0
     *     or K, or the minority size is 0
     */
    public static int[] step(int numClasses, int largest, double minorityFraction, double rho) {
        requireAtLeast("number of classes", numClasses, 2);
        requireAtLeast("largest class size", largest, 1);
        requireRatio(rho);
        long minorities = Math.round(minorityFraction * numClasses);
        if (!(minorities >= 1 && minorities < numClasses)) {
            throw new IllegalArgumentException("a minority fraction of " + minorityFraction
                    + " gives " + minorities + " minority classes out of " + numClasses
                    + "; step imbalance needs between 1 and " + (numClasses - 1));
        }
        int minoritySize = truncate(largest * (1.0 / rho), largest, rho);
        int[] sizes = balanced(numClasses, largest);
        Arrays.fill(sizes, numClasses - (int) minorities, numClasses, minoritySize);
        return sizes;
    }

    /**
     * Long-tailed (exponential) imbalance: {@code n_k = int(largest * (1/rho)^(k/(K-1)))} for
     * k = 0..K-1, so {@code n_0 = largest} and {@code n_{K-1} = int(largest / rho)}.
     *
     * @param numClasses the number of classes K
     * @param largest the size of the first class
     * @param rho the imbalance ratio, at least 1
     * @return the class sizes
     * @throws IllegalArgumentException if {@code K < 2}, {@code rho < 1} or not finite, or the
     *     smallest class would be empty
     */
    public static int[] longTailed(int numClasses, int largest, double rho) {
        requireAtLeast("number of classes", numClasses, 2);
        requireAtLeast("largest class size", largest, 1);
        requireRatio(rho);
        int[] sizes = new int[numClasses];
        for (int k = 0; k < numClasses; k++) {
            double fraction = StrictMath.pow(1.0 / rho, k / (numClasses - 1.0));
            sizes[k] = truncate(largest * fraction, largest, rho);
        }
        return sizes;
    }

    /**
     * An explicit list, checked: at least one class, every size at least 1. Returns a copy.
     *
     * @param sizes the class sizes
     * @return a copy of {@code sizes}
     * @throws IllegalArgumentException naming the first empty or negative class
     */
    public static int[] of(int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("class sizes: at least one class is needed");
        }
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] < 1) {
                throw new IllegalArgumentException("class " + k + " has " + sizes[k]
                        + " samples; every class needs at least 1 (sizes "
                        + Arrays.toString(sizes) + ")");
            }
        }
        return sizes.clone();
    }

    /**
     * Parses a comma-separated list such as {@code "200,100,50,20"} (spaces allowed), checked as
     * {@link #of}.
     *
     * @param commaSeparated the list
     * @return the class sizes
     * @throws IllegalArgumentException naming the entry that is not an integer
     */
    public static int[] parse(String commaSeparated) {
        String[] parts = commaSeparated.split(",", -1);
        int[] sizes = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                sizes[k] = Integer.parseInt(parts[k].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("class sizes \"" + commaSeparated + "\": entry "
                        + k + " (\"" + parts[k].strip() + "\") is not an integer", e);
            }
        }
        return of(sizes);
    }

    /**
     * {@return the imbalance ratio {@code max_k n_k / min_k n_k} of non-empty sizes}
     *
     * @param sizes the class sizes
     */
    public static double ratio(int[] sizes) {
        of(sizes);
        return (double) Arrays.stream(sizes).max().orElseThrow()
                / Arrays.stream(sizes).min().orElseThrow();
    }

    private static int truncate(double size, int largest, double rho) {
        int n = (int) size;
        if (n < 1) {
            throw new IllegalArgumentException("ratio " + rho + " makes a class of "
                    + largest + " / " + rho + " < 1 samples; use a larger class or smaller ratio");
        }
        return n;
    }

    private static void requireRatio(double rho) {
        if (!(rho >= 1 && rho < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("imbalance ratio must be finite and at least 1,"
                    + " got " + rho);
        }
    }

    private static void requireAtLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got "
                    + value);
        }
    }
}
