/**
 * Exact neural-collapse metrics of labeled features, computed in one streaming pass (plus a
 * second one for NC4), with every convention of definitions.md §2 named in the API and in the
 * report.
 *
 * <ul>
 *   <li>{@link io.github.nc4j.core.metrics.ClassStatistics}: per-class counts, means and
 *       within-class scatter, mergeable, in {@code O(K d + d^2)} memory;</li>
 *   <li>{@link io.github.nc4j.core.metrics.NcMetrics}: NC1 to NC4 and their variants from the
 *       statistics, returned as an immutable {@link io.github.nc4j.core.metrics.NcReport};</li>
 *   <li>{@link io.github.nc4j.core.metrics.LayerwiseNc}: the same for every layer of a deep
 *       model (deep neural collapse).</li>
 * </ul>
 */
package io.github.nc4j.core.metrics;
