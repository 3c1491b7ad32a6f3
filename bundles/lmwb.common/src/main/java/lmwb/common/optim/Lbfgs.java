package lmwb.common.optim;

import java.util.Objects;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", algorithms 7.4 and 7.5) with a backtracking
 * Armijo line search, for smooth convex objectives. Where f no longer changes beyond its rounding error (a tight
 * gradient tolerance on a sum of many terms), a step is accepted on the strong Wolfe curvature test alone, so the
 * gradient keeps falling where an f-only line search would stall. It allocates nothing per iteration: the history is a ring of
 * {@link Settings#memory()} pairs and the trial point and gradient are swapped, not copied.
 *
 * <p>It stops at the first of: the largest gradient component at most {@link Settings#gradientTolerance()} (the
 * criterion of scipy's L-BFGS-B {@code gtol}, which scikit-learn's {@code tol} sets); a decrease
 * {@code f_k − f_{k+1} ≤ relativeDecrease · max(|f_k|, |f_{k+1}|, decreaseFloor)} (scipy's {@code ftol} with floor 1);
 * {@link Settings#maxIterations()} iterations (the {@link Stop#ITERATION_CAP}, which a caller should report); or a
 * line search that finds no decrease in double precision.
 */
public final class Lbfgs {
    /** An objective and its gradient. */
    @FunctionalInterface
    public interface Objective {
        /**
         * @param x the point (not to be changed)
         * @param gradient filled with ∇f(x) (every entry written)
         * @return f(x)
         */
        double evaluate(double[] x, double[] gradient);
    }

    /** Why a minimisation stopped. */
    public enum Stop {
        /** The largest gradient component reached the tolerance. */
        GRADIENT,
        /** The last iteration lowered the objective by less than the relative tolerance. */
        DECREASE,
        /** The iteration cap was reached first: the result is not converged to the tolerances asked for. */
        ITERATION_CAP,
        /** No step along the search direction lowered the objective (its noise floor in double precision). */
        LINE_SEARCH
    }

    /**
     * @param maxIterations iterations at most (at least 1)
     * @param gradientTolerance stop when max |∇f| ≤ this (0: never on the gradient)
     * @param relativeDecrease stop when an iteration lowers f by at most this fraction (0: never on the decrease, so
     *     that a tight gradient tolerance can still be met where f itself no longer changes in double precision)
     * @param decreaseFloor the smallest |f| the decrease is measured against (scipy: 1)
     * @param memory correction pairs kept (scipy and scikit-learn: 10)
     */
    public record Settings(int maxIterations, double gradientTolerance, double relativeDecrease, double decreaseFloor,
            int memory) {
        /** Checks the values. */
        public Settings {
            if (maxIterations < 1 || memory < 1) {
                throw new IllegalArgumentException("maxIterations and memory must be at least 1");
            }
            if (!(gradientTolerance >= 0) || !(relativeDecrease >= 0) || !(decreaseFloor >= 0)) {
                throw new IllegalArgumentException("tolerances must be numbers >= 0");
            }
        }

        /**
         * @param maxIterations iterations at most
         * @param gradientTolerance on max |∇f|
         * @param relativeDecrease on the decrease (floor 1, memory 10)
         * @return the settings
         */
        public static Settings of(int maxIterations, double gradientTolerance, double relativeDecrease) {
            return new Settings(maxIterations, gradientTolerance, relativeDecrease, 1.0, 10);
        }
    }

    /**
     * @param x the minimiser found
     * @param value f(x)
     * @param gradientMaxAbs max |∇f(x)|
     * @param iterations iterations done
     * @param evaluations objective evaluations done
     * @param stop why it stopped
     */
    public record Result(double[] x, double value, double gradientMaxAbs, int iterations, int evaluations, Stop stop) {
        /** @return whether the iteration cap stopped it before a tolerance was met */
        public boolean capped() {
            return stop == Stop.ITERATION_CAP;
        }
    }

    /** Backtracking halves the step at most this often per iteration. */
    private static final int MAX_HALVINGS = 60;
    /** Armijo's sufficient-decrease constant (scipy and Nocedal–Wright: 1e-4). */
    private static final double ARMIJO = 1e-4;
    /** The strong Wolfe curvature factor (Nocedal–Wright for quasi-Newton: 0.9). */
    private static final double CURVATURE = 0.9;
    /** A change of f below this fraction of |f| is rounding: the sum of many terms is not exact to the last bit. */
    private static final double FLAT = 1e-13;

    private Lbfgs() {
    }

    /**
     * @param f the objective
     * @param start the starting point (not changed)
     * @param settings stopping rules and memory
     * @param checkpoint run before every evaluation of f (for example a cancellation check that throws)
     * @return the minimiser found and why it stopped
     */
    public static Result minimise(Objective f, double[] start, Settings settings, Runnable checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        int p = start.length;
        int m = settings.memory();
        double[] x = start.clone();
        double[] g = new double[p];
        double[] xNew = new double[p];
        double[] gNew = new double[p];
        double[] dir = new double[p];
        double[][] s = new double[m][p];
        double[][] y = new double[m][p];
        double[] rho = new double[m];
        double[] alpha = new double[m];
        int stored = 0;
        int newest = -1;
        checkpoint.run();
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        int iterations = 0;
        Stop stop = Stop.ITERATION_CAP;
        while (true) {
            if (maxAbs(g) <= settings.gradientTolerance()) {
                stop = Stop.GRADIENT;
                break;
            }
            if (iterations >= settings.maxIterations()) {
                stop = Stop.ITERATION_CAP;
                break;
            }
            direction(g, s, y, rho, alpha, stored, newest, dir);
            double slope = dot(g, dir);
            if (!(slope < 0)) {
                stored = 0;
                for (int i = 0; i < p; i++) {
                    dir[i] = -g[i];
                }
                slope = dot(g, dir);
            }
            double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int halvings = 0; halvings <= MAX_HALVINGS; halvings++) {
                for (int i = 0; i < p; i++) {
                    xNew[i] = x[i] + step * dir[i];
                }
                checkpoint.run();
                fNew = f.evaluate(xNew, gNew);
                evaluations++;
                if (fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                if (Math.abs(fNew - fx) <= FLAT * Math.max(Math.abs(fx), settings.decreaseFloor())
                        && Math.abs(dot(gNew, dir)) <= CURVATURE * -slope) {
                    // f is flat to its rounding error, so the Armijo test cannot tell; the directional derivative
                    // can: it fell by the strong Wolfe factor, the step went towards the minimum along dir
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted && !(fNew < fx)) {
                stop = Stop.LINE_SEARCH;
                break;
            }
            iterations++;
            int slot = (newest + 1) % m;
            double[] sk = s[slot];
            double[] yk = y[slot];
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < p; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
                sy += sk[i] * yk[i];
                yy += yk[i] * yk[i];
            }
            if (sy > 2.2e-16 * yy && sy > 0) { // the curvature pair keeps the inverse Hessian positive definite
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, m);
            }
            double previous = fx;
            double[] t = x;
            x = xNew;
            xNew = t;
            t = g;
            g = gNew;
            gNew = t;
            fx = fNew;
            double scale = Math.max(Math.max(Math.abs(previous), Math.abs(fx)), settings.decreaseFloor());
            if (settings.relativeDecrease() > 0 && previous - fx <= settings.relativeDecrease() * scale) {
                stop = maxAbs(g) <= settings.gradientTolerance() ? Stop.GRADIENT : Stop.DECREASE;
                break;
            }
        }
        return new Result(x, fx, maxAbs(g), iterations, evaluations, stop);
    }

    /** The two-loop recursion: dir = −H·g from the stored pairs, newest at {@code newest}, going back {@code stored}. */
    private static void direction(double[] g, double[][] s, double[][] y, double[] rho, double[] alpha, int stored,
            int newest, double[] dir) {
        int m = s.length;
        System.arraycopy(g, 0, dir, 0, g.length);
        for (int k = 0; k < stored; k++) {
            int i = Math.floorMod(newest - k, m);
            alpha[i] = rho[i] * dot(s[i], dir);
            axpy(-alpha[i], y[i], dir);
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int i = 0; i < dir.length; i++) {
                dir[i] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int i = Math.floorMod(newest - k, m);
            double beta = rho[i] * dot(y[i], dir);
            axpy(alpha[i] - beta, s[i], dir);
        }
        for (int i = 0; i < dir.length; i++) {
            dir[i] = -dir[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < a.length; i += 2) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return s0 + s1;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
