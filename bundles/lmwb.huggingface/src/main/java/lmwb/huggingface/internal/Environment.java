package lmwb.huggingface.internal;

import java.util.Map;

/**
 * Where the Hugging Face settings come from: environment variables and system properties. The sources
 * read the process environment through this interface so that tests can inject their own values without
 * mutating the environment of the JVM.
 */
interface Environment {

    /**
     * @param name an environment variable, e.g. {@code HF_HOME}
     * @return its value, or {@code null} when it is unset or blank
     */
    String variable(String name);

    /**
     * @param name a system property, e.g. {@code lmwb.hf.home}
     * @return its value, or {@code null} when it is unset or blank
     */
    String property(String name);

    /** @return the environment of this JVM */
    static Environment system() {
        return new Environment() {
            @Override
            public String variable(String name) {
                return blankToNull(System.getenv(name));
            }

            @Override
            public String property(String name) {
                return blankToNull(System.getProperty(name));
            }
        };
    }

    /**
     * @param variables environment variables
     * @param properties system properties ({@code user.home} is taken from the JVM when absent)
     * @return a fixed environment
     */
    static Environment of(Map<String, String> variables, Map<String, String> properties) {
        Map<String, String> vars = Map.copyOf(variables);
        Map<String, String> props = Map.copyOf(properties);
        return new Environment() {
            @Override
            public String variable(String name) {
                return blankToNull(vars.get(name));
            }

            @Override
            public String property(String name) {
                String value = props.get(name);
                if (value == null && name.equals("user.home")) {
                    value = System.getProperty(name);
                }
                return blankToNull(value);
            }
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
