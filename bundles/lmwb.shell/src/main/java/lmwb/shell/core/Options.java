package lmwb.shell.core;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options a user actually gave to a Gogo command. Commands declare their options as {@code String} with
 * {@code absentValue = ""} (flags: {@code presentValue = "true", absentValue = ""}), so "not given" is visible and
 * the request's own defaults apply; only given options reach the request. An old spelling of an option is
 * declared as a separate parameter and mapped with {@link #renamed}, which prints one deprecation line.
 */
public final class Options {
    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    private Options() {
    }

    /** @return an empty set of given options */
    public static Options given() {
        return new Options();
    }

    /**
     * @param option the long option, e.g. {@code --text-column}
     * @param value its text as Gogo hands it over; {@code ""} (the absent value) or {@code null} = not given
     * @return this
     */
    public Options option(String option, String value) {
        if (value != null && !value.isEmpty()) {
            given.put(option, value);
        }
        return this;
    }

    /**
     * An old spelling of an option: its value goes to {@code current}, with a deprecation note.
     *
     * @param old the old option, e.g. {@code --batch}
     * @param value its value ({@code ""} = not given)
     * @param current the option it is now, e.g. {@code --batch-size}
     * @return this
     * @throws IllegalArgumentException when both spellings are given
     */
    public Options renamed(String old, String value, String current) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        if (given.containsKey(current)) {
            throw new IllegalArgumentException(old + " and " + current + " are the same option; give only " + current);
        }
        given.put(current, value);
        notes.put(old, "note: " + old + " is deprecated; use " + current);
        return this;
    }

    /** @return option → text of the options given, in the order declared */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(given);
    }

    /** @return the deprecation notes, one line each */
    public Iterable<String> notes() {
        return notes.values();
    }

    /** @param err where the deprecation notes go (standard error: standard output carries {@code --json}) */
    void printNotes(PrintStream err) {
        notes.values().forEach(err::println);
    }
}
