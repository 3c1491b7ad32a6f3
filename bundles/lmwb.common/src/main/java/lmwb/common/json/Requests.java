package lmwb.common.json;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one codec of capability requests: a request is a record whose components are a command's long options
 * ({@code --text-column} ↔ component {@code textColumn} ↔ JSON key {@code text_column}). The same request is
 * decoded from a Gogo command line ({@link #fromOptions}), a {@code --request FILE.json} ({@link #readFile}), a
 * REST call's or a queued job's {@code args} object ({@link #decode}), and written back with {@link #encode}.
 *
 * <p>Rules: unknown keys are refused with a message that lists the valid ones; a key may be written with
 * underscores or dashes; a missing key is passed as {@code null} (the record's compact constructor fills its
 * default); a list may be given as a JSON array or as one comma-separated string; a map
 * ({@code options}) as an object or as {@code key=value,key=value}; enums are written in lower case and read
 * through their static {@code parse(String)} method where they have one, otherwise by name in any case.
 * Every error is an {@link IllegalArgumentException} with one line that names the option.
 */
public final class Requests {
    /** Json's configuration plus enums in lower case. */
    public static final Gson GSON = Json.COMPACT.newBuilder().registerTypeAdapterFactory(new LowerCaseEnums()).create();
    /** The same, indented (for files). */
    public static final Gson PRETTY = Json.PRETTY.newBuilder().registerTypeAdapterFactory(new LowerCaseEnums()).create();

    private Requests() {
    }

    /**
     * @param component a record component name, e.g. {@code textColumn}
     * @return its command-line option, e.g. {@code --text-column}
     */
    public static String option(String component) {
        return "--" + Json.snakeCase(component).replace('_', '-');
    }

    /**
     * @param type a request record
     * @return its JSON keys in declaration order, e.g. {@code [dataset, models, text_column]}
     */
    public static List<String> keys(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> Json.snakeCase(c.getName())).collect(Collectors.toList());
    }

    /**
     * Decodes a request from a JSON object (REST args, a job's args, a request file).
     *
     * @param <Q> the request type
     * @param type the request record
     * @param command the command, for messages
     * @param args the arguments; {@code null} or empty for all defaults
     * @return the request
     * @throws IllegalArgumentException for an unknown key, a value of the wrong type, or a value the request refuses
     */
    public static <Q extends Record> Q decode(Class<Q> type, String command, JsonObject args) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, JsonElement> given = normalisedKeys(type, command, args == null ? new JsonObject() : args);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonElement v = given.get(Json.snakeCase(c.getName()));
            values[i] = v == null || v.isJsonNull() ? null : value(command, c, v);
            if (values[i] == null && c.getType().isPrimitive()) {
                throw new IllegalStateException(type.getName() + "." + c.getName()
                        + " is primitive; request components must be boxed so that 'not given' is null");
            }
        }
        try {
            Constructor<Q> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
        }
    }

    /**
     * Turns the options given on a command line (strings, as Gogo hands them over; options not given are left
     * out) into JSON arguments typed by the request's components.
     *
     * @param type the request record
     * @param command the command, for messages
     * @param given option key (component name, snake_case key or option with dashes) → its text
     * @return the arguments object
     * @throws IllegalArgumentException for an unknown option or a value of the wrong type
     */
    public static JsonObject fromOptions(Class<? extends Record> type, String command, Map<String, String> given) {
        JsonObject raw = new JsonObject();
        given.forEach((k, v) -> raw.addProperty(k.startsWith("--") ? k.substring(2) : k, v));
        Map<String, JsonElement> keyed = normalisedKeys(type, command, raw);
        JsonObject out = new JsonObject();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = Json.snakeCase(c.getName());
            if (keyed.containsKey(key)) {
                String text = keyed.get(key).getAsString();
                JsonElement e = fromText(command, c, text);
                value(command, c, e); // checks the type now, with the option's name in the message
                out.add(key, e);
            }
        }
        return out;
    }

    /**
     * Reads the arguments of a {@code --request FILE.json}: either the arguments object itself or a job
     * submission {@code {"command": ..., "args": {...}}} (whose command must match).
     *
     * @param file the file
     * @param command the command it is for
     * @return the arguments object
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not such a JSON object
     */
    public static JsonObject readFile(Path file, String command) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("request file " + file + " does not exist");
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("request file " + file + " is not valid JSON: " + firstLine(ex));
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("request file " + file + " must hold a JSON object of " + command
                    + "'s options, e.g. {\"dataset\": \"...\"}");
        }
        JsonObject o = e.getAsJsonObject();
        if (o.has("args") && o.has("command")) {
            String named = o.get("command").getAsString();
            if (!named.equals(command)) {
                throw new IllegalArgumentException("request file " + file + " is a '" + named + "' request, not '"
                        + command + "'");
            }
            JsonElement args = o.get("args");
            if (!args.isJsonObject()) {
                throw new IllegalArgumentException("request file " + file + ": \"args\" must be a JSON object");
            }
            return args.getAsJsonObject();
        }
        return o;
    }

    /**
     * @param base arguments from a request file (or empty)
     * @param over options given on the command line: they win
     * @return the merged arguments
     */
    public static JsonObject merge(JsonObject base, JsonObject over) {
        JsonObject out = base == null ? new JsonObject() : base.deepCopy();
        over.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * @param request a request record
     * @return its arguments object (what {@link #decode} reads back to an equal request); defaults included
     */
    public static JsonObject encode(Record request) {
        return GSON.toJsonTree(request).getAsJsonObject();
    }

    private static Map<String, JsonElement> normalisedKeys(Class<? extends Record> type, String command, JsonObject args) {
        List<String> keys = keys(type);
        Map<String, JsonElement> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : args.entrySet()) {
            String key = Json.snakeCase(e.getKey().replace('-', '_'));
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + e.getKey() + "' for " + command + "; its options are "
                        + keys.stream().collect(Collectors.joining(", ")));
            }
            if (out.containsKey(key)) {
                throw new IllegalArgumentException("option '" + key + "' of " + command + " is given twice");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static Object value(String command, RecordComponent c, JsonElement v) {
        Type t = c.getGenericType();
        JsonElement e = v;
        if (isList(c) && v.isJsonPrimitive()) {
            e = fromText(command, c, v.getAsString());
        } else if (Map.class.isAssignableFrom(c.getType()) && v.isJsonPrimitive()) {
            e = fromText(command, c, v.getAsString());
        }
        try {
            Object out = GSON.fromJson(e, TypeToken.get(t));
            if (out instanceof Double d && (d.isNaN() || d.isInfinite()) && !e.getAsString().equalsIgnoreCase(String.valueOf(d))) {
                throw new IllegalArgumentException("not a number");
            }
            return out;
        } catch (IllegalArgumentException | JsonParseException | IllegalStateException | UnsupportedOperationException ex) {
            String why = ex instanceof IllegalArgumentException && c.getType().isEnum() ? firstLine(ex)
                    : "expected " + describe(c) + ", got " + v;
            throw new IllegalArgumentException(command + " " + option(c.getName()) + ": " + why);
        }
    }

    private static JsonElement fromText(String command, RecordComponent c, String text) {
        Class<?> raw = c.getType();
        if (isList(c)) {
            JsonArray a = new JsonArray();
            Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(a::add);
            return a;
        }
        if (Map.class.isAssignableFrom(raw)) {
            JsonObject o = new JsonObject();
            for (String pair : text.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(command + " " + option(c.getName()) + ": '" + pair.trim()
                            + "' is not key=value; write e.g. k=5,metric=cosine");
                }
                o.addProperty(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            return o;
        }
        if (raw == Boolean.class) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException(command + " " + option(c.getName()) + ": expected true or false, got '"
                        + text + "'");
            }
            return new JsonPrimitive(Boolean.parseBoolean(t));
        }
        if (Number.class.isAssignableFrom(raw)) {
            try {
                return new JsonPrimitive(raw == Double.class || raw == Float.class ? (Number) Double.parseDouble(text.trim())
                        : (Number) Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(command + " " + option(c.getName()) + ": expected " + describe(c)
                        + ", got '" + text + "'");
            }
        }
        return new JsonPrimitive(text);
    }

    private static boolean isList(RecordComponent c) {
        return Collection.class.isAssignableFrom(c.getType());
    }

    private static String describe(RecordComponent c) {
        Class<?> raw = c.getType();
        if (raw == Integer.class || raw == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(raw)) {
            return "a number";
        }
        if (raw == Boolean.class) {
            return "true or false";
        }
        if (isList(c)) {
            return "a list (JSON array or comma-separated text)";
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "key=value pairs (JSON object or k=v,k=v)";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants()).map(x -> ((Enum<?>) x).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (c.getGenericType() instanceof ParameterizedType) {
            return "a JSON value of type " + c.getGenericType().getTypeName();
        }
        return "text";
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Enums as lower-case names; read through a static {@code parse(String)} where the enum has one. */
    private static final class LowerCaseEnums implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (!raw.isEnum()) {
                return null;
            }
            Method parse = null;
            try {
                Method m = raw.getMethod("parse", String.class);
                if (Modifier.isStatic(m.getModifiers()) && raw.isAssignableFrom(m.getReturnType())) {
                    parse = m;
                }
            } catch (NoSuchMethodException e) {
                parse = null;
            }
            Method parser = parse;
            return (TypeAdapter<T>) new TypeAdapter<Enum>() {
                @Override
                public void write(JsonWriter out, Enum value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(value.name().toLowerCase(Locale.ROOT));
                    }
                }

                @Override
                public Enum read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    String text = in.nextString();
                    if (parser != null) {
                        try {
                            return (Enum) parser.invoke(null, text);
                        } catch (InvocationTargetException e) {
                            if (e.getCause() instanceof IllegalArgumentException iae) {
                                throw iae;
                            }
                            throw new IllegalArgumentException(String.valueOf(e.getCause()));
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    String wanted = text.trim().replace('-', '_');
                    for (Object constant : raw.getEnumConstants()) {
                        if (((Enum) constant).name().equalsIgnoreCase(wanted)) {
                            return (Enum) constant;
                        }
                    }
                    List<String> names = new ArrayList<>();
                    for (Object constant : raw.getEnumConstants()) {
                        names.add(((Enum) constant).name().toLowerCase(Locale.ROOT));
                    }
                    throw new IllegalArgumentException("unknown value '" + text + "'; use one of " + String.join(", ", names));
                }
            };
        }
    }
}
