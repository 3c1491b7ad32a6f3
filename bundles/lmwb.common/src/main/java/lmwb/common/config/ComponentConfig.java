package lmwb.common.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An instance of a component property type (a DS config annotation) with the given values and the
 * annotation's defaults for the rest, as Service Component Runtime builds it from a configuration: the
 * way code outside a framework (unit tests, studies, benchmarks) calls a component's one
 * {@code @Activate} constructor.
 */
public final class ComponentConfig {
    private ComponentConfig() {
    }

    /**
     * @param type the config annotation
     * @param values values by element name ({@code cacheFolder}); elements not named take their default
     * @param <A> the annotation type
     * @return the configuration
     * @throws IllegalArgumentException when a name is not an element of {@code type}, a value has the wrong
     *     type, or an element without a default is not given
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> values) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>(values.keySet());
        for (Method m : type.getDeclaredMethods()) {
            unknown.remove(m.getName());
            Object v = values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue();
            if (v == null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + " has no default; give a value");
            }
            if (!boxed(m.getReturnType()).isInstance(v)) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + m.getName() + " is a "
                        + m.getReturnType().getSimpleName() + ", got " + v.getClass().getSimpleName() + " " + v);
            }
            resolved.put(m.getName(), v);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no element " + unknown + "; its elements: "
                    + Arrays.stream(type.getDeclaredMethods()).map(Method::getName).sorted().toList());
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return "@" + type.getName() + resolved;
                case "hashCode":
                    return resolved.hashCode();
                case "equals":
                    return self == args[0];
                default:
                    return resolved.get(method.getName());
            }
        });
        return type.cast(proxy);
    }

    private static Class<?> boxed(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return switch (c.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }
}
