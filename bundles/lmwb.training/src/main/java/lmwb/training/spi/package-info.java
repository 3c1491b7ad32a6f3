/**
 * Engine-typed (DJL) plug-in points of training: {@link lmwb.training.spi.TaskHead} services, the
 * {@link lmwb.training.spi.Combiner} of a multi-encoder, and the {@link lmwb.training.spi.ParameterStore}
 * that holds every trainable parameter by name and optimizer group.
 */
@Export
@Version("1.0.0")
package lmwb.training.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
