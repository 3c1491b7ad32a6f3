/**
 * Engine-free training and prediction services: tune one or several language models together (a
 * multi-encoder with concatenation, projected mean or dynamic meta-embeddings) with a task head, and
 * predict with a saved checkpoint.
 */
@Export
@Version("1.1.0")
package lmwb.api.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
