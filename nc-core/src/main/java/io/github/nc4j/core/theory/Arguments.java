package io.github.nc4j.core.theory;

/** The argument checks shared by the closed-form optima, with the messages they give. */
final class Arguments {

    private Arguments() {
    }

    /**
     * The total number of samples N, after checking that there are at least {@code minClasses}
     * classes and that every class has a sample.
     */
    static long totalSamples(long[] classSizes, int minClasses) {
        if (classSizes.length < minClasses) {
            throw new IllegalArgumentException("at least " + minClasses + " classes are needed, got "
                    + classSizes.length);
        }
        long n = 0;
        for (int c = 0; c < classSizes.length; c++) {
            if (classSizes[c] < 1) {
                throw new IllegalArgumentException("class " + c + " has " + classSizes[c]
                        + " samples; every class needs at least one");
            }
            n += classSizes[c];
        }
        return n;
    }

    /** Checks that a weight decay (or any rate) is positive and finite. */
    static void requirePositive(String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
