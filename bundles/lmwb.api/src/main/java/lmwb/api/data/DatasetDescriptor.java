package lmwb.api.data;

import lmwb.api.TaskType;

/**
 * A catalogue entry: a dataset a provider can load by name.
 *
 * @param name the name users type, e.g. {@code sentiment-sentences}
 * @param taskType its task type
 * @param description one line: what it is, size, licence
 * @param source where it comes from, e.g. {@code maven org.languagetool:language-en:6.5}
 * @param provider the providing service's name
 */
public record DatasetDescriptor(String name, TaskType taskType, String description, String source, String provider) {
}
