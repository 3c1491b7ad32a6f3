/**
 * The eigendecomposition of symmetric positive semi-definite matrices shared by the estimator bundles that use
 * Commons Math (NCTI, NLEEP). Not exported: those bundles copy this package in ({@code -conditionalpackage}) with
 * the Commons Math packages it needs; it is a package of its own so that the estimator bundles without Commons Math
 * (which copy {@code lmwb.estimator.support}) stay free of it.
 */
package lmwb.estimator.support.eigen;
