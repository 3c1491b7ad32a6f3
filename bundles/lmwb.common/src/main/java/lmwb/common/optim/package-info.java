/**
 * Numerical optimisation shared by the estimators, the diagnostics and PACTran: one limited-memory BFGS
 * minimiser ({@link lmwb.common.optim.Lbfgs}) and one multinomial logistic regression on it
 * ({@link lmwb.common.optim.SoftmaxRegression}), so that a faster or more careful probe is faster or more careful
 * everywhere at once.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.optim;
