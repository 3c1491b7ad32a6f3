package lmwb.analysis.modelvectors;

/**
 * Builds a model vector from the decompositions of a model's deltas: per layer the six families' rank-r U
 * (optionally sign-canonical, optionally scaled by S) stacked by rows into a (3H + H + F + H) × r block,
 * averaged element-wise over layers (or concatenated), flattened row-major.
 */
final class ModelVectors {
    private ModelVectors() {
    }

    /**
     * @param arch the architecture
     * @param rank r
     * @param variant the variant
     * @return the vector's length: (3H + H + F + H) · r, times L when layers are concatenated
     */
    static int size(Architecture arch, int rank, Variant variant) {
        long n = (long) arch.rowsPerLayer() * rank * (variant.concatenated ? arch.layers() : 1);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a model vector of " + n + " values is too large; use a smaller rank");
        }
        return (int) n;
    }

    /**
     * @param arch the architecture
     * @param svds per layer and family ({@link Family#ordinal()}) the decomposition with at least r vectors
     * @param rank r
     * @param variant the variant
     * @return the vector
     */
    static double[] build(Architecture arch, DeltaSvd[][] svds, int rank, Variant variant) {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, got " + rank);
        }
        int block = arch.rowsPerLayer() * rank;
        double[] out = new double[size(arch, rank, variant)];
        for (int l = 0; l < arch.layers(); l++) {
            int base = variant.concatenated ? l * block : 0;
            int row = 0;
            for (Family f : Family.values()) {
                DeltaSvd d = svds[l][f.ordinal()];
                if (d.u().length < rank) {
                    throw new IllegalArgumentException("decomposition keeps " + d.u().length + " vectors, rank " + rank
                            + " needs more");
                }
                if (d.rows() != arch.shape(f)[0]) {
                    throw new IllegalArgumentException("decomposition of " + f.tensor(l) + " has " + d.rows()
                            + " rows, the architecture " + arch.shape(f)[0]);
                }
                DeltaSvd s = variant.canonical ? d.canonicalSigns() : d;
                for (int j = 0; j < rank; j++) {
                    double scale = variant.scaled ? s.sigma()[j] : 1.0;
                    double[] u = s.u()[j];
                    for (int i = 0; i < u.length; i++) {
                        out[base + (row + i) * rank + j] += scale * u[i];
                    }
                }
                row += d.rows();
            }
        }
        if (!variant.concatenated) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= arch.layers();
            }
        }
        int expected = size(arch, rank, variant);
        if (out.length != expected) {
            throw new IllegalStateException("model vector has " + out.length + " values, formula says " + expected);
        }
        return out;
    }
}
