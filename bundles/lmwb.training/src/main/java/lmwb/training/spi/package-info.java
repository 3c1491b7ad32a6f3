/**
 * Engine-typed (DJL) plug-in points of training: {@link lmwb.training.spi.TaskHead} and
 * {@link lmwb.training.spi.Combiner} services (a multi-encoder's combination, chosen by name), and the
 * {@link lmwb.training.spi.ParameterStore} that holds every trainable parameter by name and optimizer group.
 * Randomness in a forward pass comes from the run's {@link lmwb.encoders.spi.DropoutMasks}.
 */
@Export
@Version("2.0.0")
package lmwb.training.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
