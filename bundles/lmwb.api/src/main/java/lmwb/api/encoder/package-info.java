/**
 * Encoders: pretrained transformer language models that embed texts, text pairs or pre-split words into
 * per-layer matrices. {@link lmwb.api.encoder.ModelSource} services resolve model references to
 * artifacts, {@link lmwb.api.encoder.LanguageModelProvider} services open them, and the workbench's
 * {@link lmwb.api.encoder.EmbeddingService} ties both to the embedding cache.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package lmwb.api.encoder;
