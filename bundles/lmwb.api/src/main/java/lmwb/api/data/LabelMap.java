package lmwb.api.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, ordered mapping between label names and class ids {@code 0..C-1}. Regression datasets
 * have an empty map.
 */
public final class LabelMap {
    /** The empty map of regression datasets. */
    public static final LabelMap EMPTY = new LabelMap(List.of());

    private final List<String> names;
    private final Map<String, Integer> ids;

    private LabelMap(List<String> names) {
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (m.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate label name '" + names.get(i) + "'");
            }
        }
        this.ids = Collections.unmodifiableMap(m);
    }

    /**
     * @param names label names in id order
     * @return the map
     */
    public static LabelMap of(List<String> names) {
        return new LabelMap(names);
    }

    /** @return the number of classes */
    public int size() {
        return names.size();
    }

    /** @return label names in id order */
    public List<String> names() {
        return names;
    }

    /**
     * @param id class id
     * @return its name
     */
    public String name(int id) {
        return names.get(id);
    }

    /**
     * @param name label name
     * @return its id, if present
     */
    public Optional<Integer> id(String name) {
        return Optional.ofNullable(ids.get(name));
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
