/**
 * Standalone SVG plots that any browser shows without lmwb: line charts (one or more stacked panels), a
 * labelled heatmap with a colour bar, and a labelled scatter. The one plotting helper of lmwb: rankings,
 * redundancy analyses and model vectors draw through it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.svg;
