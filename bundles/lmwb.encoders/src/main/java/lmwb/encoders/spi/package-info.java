/**
 * Engine-typed (DJL) access to the workbench's transformer encoders for bundles that train them: the
 * parameters as NDArrays for gradient attachment, a forward pass with dropout on or off over a tokenized
 * batch (attention mask and word ids) with dropout masks from a per-run generator ({@link
 * lmwb.encoders.spi.DropoutMasks}), native pair encoding, and loading fine-tuned weights.
 */
@Export
@Version("2.0.0")
package lmwb.encoders.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
