/**
 * Input checks and dense linear algebra shared by the estimator bundles. Not exported: every estimator bundle
 * copies this package in ({@code -conditionalpackage}), so that each jar needs only {@code lmwb.api}.
 */
package lmwb.estimator.support;
