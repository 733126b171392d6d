package io.github.nc4j.core.model;

/**
 * The unconstrained-feature models nc4j trains (definitions.md §3); each is a subclass of
 * {@link FeatureModel}, built from a {@link UfmConfig} by {@link FeatureModel#of}.
 */
public enum Architecture {
    /** {@link Ufm}: free features and one linear classifier. */
    UFM("ufm"),
    /** {@link DeepLinearUfm}: free features and M linear layers. */
    DEEP_LINEAR("deep-linear"),
    /** {@link ReluUfm}: non-negative free features and one linear classifier. */
    RELU_UFM("relu-ufm"),
    /** {@link DeepUfm}: free features and L layers with a ReLU after each but the last. */
    DEEP_UFM("dufm");

    private final String cliName;

    Architecture(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in reports, e.g. {@code deep-linear}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The architecture with the given {@link #cliName} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Architecture parse(String name) {
        for (Architecture a : values()) {
            if (a.cliName.equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model \"" + name
                + "\"; use ufm, deep-linear, relu-ufm or dufm");
    }
}
