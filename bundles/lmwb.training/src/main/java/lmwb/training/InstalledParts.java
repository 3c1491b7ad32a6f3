package lmwb.training;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import lmwb.api.TaskType;
import lmwb.training.spi.Combiner;
import lmwb.training.spi.TaskHead;

/**
 * The task heads and combiners installed in the runtime, as DS binds them into a training component
 * ({@link TrainingService}, {@link CheckpointPredictor}): each component's bind and unbind methods only delegate
 * here, so a plug-in head's or combiner's arrival or removal changes these lists, not the component. Lookups name
 * the installed parts when there is none of the asked name.
 */
final class InstalledParts {
    private final List<TaskHead> heads = new CopyOnWriteArrayList<>();
    private final List<Combiner> combiners = new CopyOnWriteArrayList<>();

    void addHead(TaskHead head) {
        heads.add(head);
    }

    void removeHead(TaskHead head) {
        heads.remove(head);
    }

    void addCombiner(Combiner combiner) {
        combiners.add(combiner);
    }

    void removeCombiner(Combiner combiner) {
        combiners.remove(combiner);
    }

    /**
     * @param name a combiner's name
     * @return the combiner of that name
     * @throws IllegalArgumentException naming the installed ones when there is none of that name
     */
    Combiner combiner(String name) {
        return combiners.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown combiner '" + name + "'; installed combiners: "
                        + combiners.stream().map(c -> c.name() + " (" + c.description() + ")").sorted()
                                .collect(Collectors.joining(", "))
                        + "; a plug-in bundle in runtime/deploy/ adds more"));
    }

    /**
     * @param name a head's name, or {@code auto} (or {@code null}) for the first installed head that supports
     *     {@code type}
     * @param type the task type the head must support
     * @return the head
     * @throws IllegalArgumentException naming the installed heads when there is none of that name, or it does not
     *     support {@code type}
     */
    TaskHead head(String name, TaskType type) {
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
