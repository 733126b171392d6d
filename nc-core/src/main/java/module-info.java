/**
 * Neural-collapse metrics, closed-form theory, unconstrained feature models and training.
 *
 * <ul>
 *   <li>{@link io.github.nc4j.core.metrics}: NC1 to NC4, streamed over the samples, and per
 *       layer;</li>
 *   <li>{@link io.github.nc4j.core.theory}: the closed-form optima the papers derive;</li>
 *   <li>{@link io.github.nc4j.core.model}: the unconstrained feature models and the MLP;</li>
 *   <li>{@link io.github.nc4j.core.train}: training and its trajectory;</li>
 *   <li>{@link io.github.nc4j.core.check}: a trained model held against its closed form;</li>
 *   <li>{@link io.github.nc4j.core.data}: class sizes, synthetic and real data sets.</li>
 * </ul>
 *
 * <p>Every metric, model and closed form is defined in
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/definitions.md">docs/definitions.md</a>,
 * which the Javadoc cites by section ("definitions.md §2"). The chapter
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/04-nc-metrics.md">NC metrics</a>
 * of the guided tour
 * (<a href="https://github.com/nc4j/nc4j/tree/main/docs/internals">docs/internals</a>)
 * reads how they are computed.
 */
module io.github.nc4j.core {
    requires transitive io.github.nc4j.linalg;
    requires transitive io.github.nc4j.autodiff;

    exports io.github.nc4j.core.check;
    exports io.github.nc4j.core.data;
    exports io.github.nc4j.core.metrics;
    exports io.github.nc4j.core.model;
    exports io.github.nc4j.core.theory;
    exports io.github.nc4j.core.train;
}
