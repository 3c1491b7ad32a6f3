/**
 * The web page of the shared runtime: static pages and scripts that the HTTP server of {@code lmwb serve} serves
 * beside its REST API, provided by a bundle as a {@link lmwb.api.web.WebContent} service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.api.web;
