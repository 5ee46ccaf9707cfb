package io.vigil.server.store;

/**
 * The points of one series that fall in one x-interval, summarised so that the shape survives
 * downsampling: the extremes are kept (a spike never disappears) along with the first and last
 * values in series order. NaN values are counted in {@code nanCount} and left out of min and max
 * (which are NaN when every point of the bucket is NaN); {@code count} includes them.
 *
 * @param xMin smallest x of a point in the bucket
 * @param xMax largest x of a point in the bucket
 */
public record SeriesBucket(long xMin, long xMax, double first, double last, double min, double max, long count,
    long nanCount) {

  /** A bucket holding exactly one point. */
  public static SeriesBucket point(long x, double value) {
    boolean nan = Double.isNaN(value);
    return new SeriesBucket(x, x, value, value, value, value, 1, nan ? 1 : 0);
  }
}
