package io.github.nc4j.core.model;

/**
 * The unconstrained-feature models nc4j trains (definitions.md §3), and what sets them apart:
 * all four are free features H read by a stack of linear layers (their depth is the
 * {@link UfmConfig}'s), and differ only in {@link #reluBetweenLayers()} and
 * {@link #nonNegativeFeatures()}. {@link FeatureModel} implements them from these two properties;
 * its subclasses, built by {@link FeatureModel#of}, name them and cite their papers.
 */
public enum Architecture {
    /** {@link Ufm}: free features and one linear classifier. */
    UFM("ufm", false, false),
    /** {@link DeepLinearUfm}: free features and M linear layers. */
    DEEP_LINEAR("deep-linear", false, false),
    /** {@link ReluUfm}: non-negative free features and one linear classifier. */
    RELU_UFM("relu-ufm", false, true),
    /** {@link DeepUfm}: free features and L layers with a ReLU after each but the last. */
    DEEP_UFM("dufm", true, false);

    private final String cliName;
    private final boolean reluBetweenLayers;
    private final boolean nonNegativeFeatures;

    Architecture(String cliName, boolean reluBetweenLayers, boolean nonNegativeFeatures) {
        this.cliName = cliName;
        this.reluBetweenLayers = reluBetweenLayers;
        this.nonNegativeFeatures = nonNegativeFeatures;
    }

    /** {@return whether a ReLU follows every layer but the last (the {@link DeepUfm})} */
    public boolean reluBetweenLayers() {
        return reluBetweenLayers;
    }

    /**
     * {@return whether the features are kept {@code H >= 0} (the {@link ReluUfm}): initialized at
     * the absolute values of a Gaussian, projected after every update}
     */
    public boolean nonNegativeFeatures() {
        return nonNegativeFeatures;
    }

    /**
     * The name on the command line and in reports, e.g. {@code deep-linear}.
     *
     * @return the name
     */
    public String cliName() {
        return cliName;
    }

    /**
     * {@return the architecture with the given {@link #cliName} (case-insensitive)}
     *
     * @param name the name
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
