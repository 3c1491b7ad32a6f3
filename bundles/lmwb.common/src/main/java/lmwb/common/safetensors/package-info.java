/**
 * The safetensors header (Hugging Face's weight format): an 8-byte little-endian header length, a JSON
 * object with {@code dtype}, {@code shape} and {@code data_offsets} per tensor (and an optional
 * {@code __metadata__} object of strings), then the raw data. The one parser lmwb has: weight readers
 * read tensors with it, model listings count parameters with it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package lmwb.common.safetensors;
