package lmwb.api.data;

/** The request of the {@code datasets} capability (list the datasets every provider offers): no options. */
public record DatasetsRequest() {
}
