package lmwb.common.json;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one Gson configuration every lmwb bundle reads and writes JSON with.
 *
 * <ul>
 *   <li>Fields of records and classes are written with snake_case keys ({@code bestDevScore} →
 *       {@code best_dev_score}); keys of maps are written as they are.</li>
 *   <li>Readers accept the snake_case key and, for files written by earlier versions, the camelCase key of
 *       the same field ({@code modelWeights} reads as {@code model_weights}); where both are present the
 *       snake_case one wins.</li>
 *   <li>{@code NaN} and infinities are written as the literals {@code NaN}, {@code Infinity} (JSON has no
 *       such numbers; Gson, Python's {@code json} and JavaScript's {@code JSON5} read them).</li>
 *   <li>No HTML escaping ({@code <}, {@code =} and {@code '} stay readable); {@link Path} and
 *       {@link Instant} are strings.</li>
 * </ul>
 * The four constants differ only in layout (compact or indented) and in whether {@code null} fields are
 * written.
 */
public final class Json {
    /** Compact, {@code null} fields left out. */
    public static final Gson COMPACT = builder().create();
    /** Indented, {@code null} fields left out. */
    public static final Gson PRETTY = builder().setPrettyPrinting().create();
    /** Compact, {@code null} fields written as {@code null}. */
    public static final Gson COMPACT_WITH_NULLS = builder().serializeNulls().create();
    /** Indented, {@code null} fields written as {@code null}. */
    public static final Gson PRETTY_WITH_NULLS = builder().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .serializeSpecialFloatingPointValues()
                .disableHtmlEscaping()
                .registerTypeHierarchyAdapter(Path.class, new TextForm<>(Path::of).nullSafe())
                .registerTypeAdapter(Instant.class, new TextForm<>(Instant::parse).nullSafe())
                .registerTypeAdapterFactory(new CamelCaseKeysAccepted());
    }

    /**
     * The snake_case form of a camelCase key, as Gson's {@link FieldNamingPolicy#LOWER_CASE_WITH_UNDERSCORES}
     * forms it from a field name.
     *
     * @param key a key
     * @return {@code modelWeights} → {@code model_weights}; a key without capitals unchanged
     */
    public static String snakeCase(String key) {
        StringBuilder s = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && s.length() > 0) {
                s.append('_');
            }
            s.append(c);
        }
        return s.toString().toLowerCase(Locale.ENGLISH);
    }

    /** A value written as its text and read back from it. */
    private static final class TextForm<T> extends TypeAdapter<T> {
        private final Function<String, T> parse;

        TextForm(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public T read(JsonReader in) throws IOException {
            return parse.apply(in.nextString());
        }
    }

    /**
     * For records and classes read field by field: renames camelCase keys of the object being read to
     * snake_case (unless the snake_case key is there too) before Gson binds the fields. Nested objects pass
     * through this factory again, so old files are accepted at every depth.
     */
    private static final class CamelCaseKeysAccepted implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (raw.isPrimitive() || raw.isArray() || raw.isEnum() || raw.isInterface()
                    || Map.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)
                    || JsonElement.class.isAssignableFrom(raw) || raw.getName().startsWith("java.")) {
                return null;
            }
            TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
            TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
            return new TypeAdapter<T>() {
                @Override
                public void write(JsonWriter out, T value) throws IOException {
                    delegate.write(out, value);
                }

                @Override
                public T read(JsonReader in) throws IOException {
                    JsonElement e = elements.read(in);
                    if (e != null && e.isJsonObject()) {
                        e = snakeKeys(e.getAsJsonObject());
                    }
                    // Re-read as text with the caller's strictness: a tree reader would refuse NaN.
                    JsonReader renamed = new JsonReader(new StringReader(String.valueOf(e)));
                    renamed.setStrictness(in.getStrictness());
                    return delegate.read(renamed);
                }
            };
        }

        private static JsonObject snakeKeys(JsonObject o) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                String snake = snakeCase(e.getKey());
                if (snake.equals(e.getKey()) || !o.has(snake)) {
                    out.add(snake, e.getValue());
                }
            }
            return out;
        }
    }
}
