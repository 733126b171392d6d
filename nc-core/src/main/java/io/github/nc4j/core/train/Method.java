package io.github.nc4j.core.train;

/** How {@link Trainer} updates the parameters. */
public enum Method {
    /** Plain gradient descent {@code w -= lr g}: full-batch, the setting of the UFM papers. */
    GD("gd"),
    /** Stochastic gradient descent with (heavy-ball) momentum, PyTorch's {@code SGD}. */
    SGD("sgd"),
    /** Adam (Kingma and Ba 2015) with PyTorch's defaults. */
    ADAM("adam"),
    /**
     * Full-batch L-BFGS with a strong Wolfe line search
     * ({@link io.github.nc4j.autodiff.optim.Lbfgs}): one step is one iteration, which may
     * evaluate the objective several times; the learning rate is not used.
     */
    LBFGS("lbfgs");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    /**
     * {@return the name on the command line: {@code gd}, {@code sgd}, {@code adam} or
     * {@code lbfgs}}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * {@return the method with the given {@link #cliName} (case-insensitive)}
     *
     * @param name the name
     * @throws IllegalArgumentException for any other name
     */
    public static Method parse(String name) {
        for (Method m : values()) {
            if (m.cliName.equalsIgnoreCase(name.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown optimizer \"" + name
                + "\"; use gd, sgd, adam or lbfgs");
    }
}
