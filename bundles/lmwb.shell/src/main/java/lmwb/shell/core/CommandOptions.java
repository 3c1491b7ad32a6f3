package lmwb.shell.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The options a Gogo command declares ({@link Parameter} on its method's arguments), used to turn Gogo's
 * "Cannot coerce rank(String, String) to any of [...]" into a message that names the bad option: by the
 * one-shot runner ({@link BatchCommandRunner}) before it runs a command, and in the interactive shell after a
 * command failed ({@link OptionHints}).
 */
final class CommandOptions {
    /** Option name to what it takes: "flag", "text", "whole number" or "number". */
    private final TreeMap<String, String> options = new TreeMap<>();
    /** What the overload with the fewest positional arguments takes there, by {@link Descriptor}, in order. */
    private List<String> positional;

    private CommandOptions() {
    }

    /**
     * Reads the options of a registered command.
     *
     * @param context a bundle context to look the command's service up with
     * @param qualified {@code scope:function}, e.g. {@code lmwb:rank}
     * @return its options, or {@code null} when no such command (or none of its options) can be read
     */
    static CommandOptions lookup(BundleContext context, String qualified) {
        String[] parts = qualified.split(":", 2);
        if (parts.length < 2) {
            return null;
        }
        List<Object> objects = new ArrayList<>();
        List<ServiceReference<?>> held = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                    "(&(osgi.command.scope=" + parts[0] + ")(osgi.command.function=" + parts[1] + "))");
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                Object o = context.getService(r);
                if (o != null) {
                    held.add(r);
                    objects.add(o);
                }
            }
            CommandOptions o = of(objects, parts[1]);
            return o.isEmpty() ? null : o;
        } catch (InvalidSyntaxException | RuntimeException e) {
            return null;
        } finally {
            held.forEach(context::ungetService);
        }
    }

    /**
     * @param commands the service objects that provide the function (normally one)
     * @param function the command's function name, e.g. {@code rank}
     * @return every option any overload of {@code function} declares
     */
    static CommandOptions of(List<Object> commands, String function) {
        CommandOptions o = new CommandOptions();
        for (Object c : commands) {
            for (Method m : c.getClass().getMethods()) {
                if (!m.getName().equals(function)) {
                    continue;
                }
                Annotation[][] annotations = m.getParameterAnnotations();
                Class<?>[] types = m.getParameterTypes();
                List<String> positional = new ArrayList<>();
                for (int i = 0; i < types.length; i++) {
                    boolean option = false;
                    String described = "an argument";
                    for (Annotation a : annotations[i]) {
                        if (a instanceof Parameter p) {
                            option = true;
                            String kind = !Parameter.UNSPECIFIED.equals(p.presentValue()) ? "flag" : kind(types[i]);
                            for (String n : p.names()) {
                                o.options.put(n, kind);
                            }
                        } else if (a instanceof Descriptor d) {
                            described = d.value();
                        }
                    }
                    if (!option && types[i] != CommandSession.class) {
                        positional.add(described);
                    }
                }
                if (o.positional == null || positional.size() < o.positional.size()) {
                    o.positional = positional;
                }
            }
        }
        return o;
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "number";
        }
        return "text";
    }

    /**
     * Finds the first argument that looks like an option ({@code --name}) but is not one of the command's; the
     * value after an option that takes one is skipped.
     *
     * @param command the command's name, for the message
     * @param args the arguments after the command name
     * @param help how the user asks for the command's help, e.g. {@code runtime/lmwb help rank}
     * @return a message naming the unknown option, the closest known one and the list, or empty when every
     *     option is known
     */
    Optional<String> unknownOption(String command, List<String> args, String help) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                continue;
            }
            String kind = options.get(a);
            if (kind == null) {
                String near = closest(a);
                return Optional.of(command + " has no option " + a + (near == null ? "" : " (did you mean " + near
                        + "?)") + "; its options: " + String.join(", ", options.keySet()) + " (run '" + help + "')");
            }
            if (!kind.equals("flag")) {
                i++;
            }
        }
        return Optional.empty();
    }

    /**
     * Finds an argument the command needs but was not given: Gogo's own message for that case is "Cannot coerce
     * dataset() to any of [...]".
     *
     * @param command the command's name, for the message
     * @param args the arguments after the command name (their options known, see {@link #unknownOption})
     * @param help how the user asks for the command's help, e.g. {@code runtime/lmwb help dataset}
     * @return a message naming what is missing, or empty when every overload's positional arguments could be there
     */
    Optional<String> missingArgument(String command, List<String> args, String help) {
        int given = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String kind = options.get(a);
            if (kind == null) {
                given++;
            } else if (!kind.equals("flag")) {
                i++;
            }
        }
        if (positional == null || given >= positional.size()) {
            return Optional.empty();
        }
        return Optional.of(command + " needs " + (positional.size() - given == 1 ? "an argument" : "more arguments")
                + ": " + positional.get(given) + "; run '" + help + "'");
    }

    /**
     * @param command the command's name, for the message
     * @param help how the user asks for the command's help, e.g. {@code runtime/lmwb help rank}
     * @return what to say when Gogo could not match the arguments although every option is known: a value is
     *     missing or has the wrong type
     */
    String badValues(String command, String help) {
        List<String> numeric = options.entrySet().stream().filter(e -> e.getValue().endsWith("number"))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        if (numeric.isEmpty()) {
            // Commands that take every option as text (values are checked by the request codec): only a missing
            // value can make Gogo fail to match the arguments.
            return command + ": cannot read the arguments: an option is missing its value; run '" + help + "'";
        }
        StringBuilder sb = new StringBuilder(command).append(": cannot read the arguments (an option without its value, "
                + "or a value of the wrong type); options that take a number: ");
        sb.append(String.join(", ", numeric));
        return sb.append("; run '").append(help).append("'").toString();
    }

    /** @return whether no option was found (the command object was not reachable) */
    boolean isEmpty() {
        return options.isEmpty();
    }

    private String closest(String given) {
        String best = null;
        int bestDistance = 3;
        for (String known : options.keySet()) {
            int d = distance(given.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
