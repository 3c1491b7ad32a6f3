package lmwb.training;

import java.util.List;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.TaskHead;

/** Looks up heads and combiners from the services the components were given. */
final class Models {
    private Models() {
    }

    /**
     * @param combiners the installed combiners
     * @param name a combiner's name
     * @return the combiner of that name
     * @throws IllegalArgumentException naming the installed ones when there is none of that name
     */
    static Combiner combiner(List<Combiner> combiners, String name) {
        return combiners.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown combiner '" + name + "'; installed combiners: "
                        + combiners.stream().map(c -> c.name() + " (" + c.description() + ")").sorted()
                                .collect(java.util.stream.Collectors.joining(", "))
                        + "; a plug-in bundle in runtime/deploy/ adds more"));
    }

    static TaskHead head(List<TaskHead> heads, String name, lmwb.api.TaskType type) {
        if (name == null || name.equals("auto")) {
            return heads.stream().filter(h -> h.supports(type)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("no head supports task type " + type + "; installed heads: "
                            + heads.stream().map(TaskHead::name).toList()));
        }
        TaskHead h = heads.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown head '" + name + "'; installed heads: "
                        + heads.stream().map(TaskHead::name).toList()));
        if (!h.supports(type)) {
            throw new IllegalArgumentException("head '" + name + "' does not support task type " + type
                    + "; use --head auto or one of " + heads.stream().filter(x -> x.supports(type))
                            .map(TaskHead::name).toList());
        }
        return h;
    }
}
