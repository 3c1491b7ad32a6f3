/**
 * Engine-free training and prediction services: tune one or several language models together (a
 * multi-encoder whose combination — concatenation, projected mean, dynamic meta-embeddings or a plug-in's —
 * is a service chosen by name) with a task head on a chosen device, and predict with a saved checkpoint.
 */
@Export
@Version("3.1.0")
package lmwb.api.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
