package lmwb.itest;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * A component that exists only when ConfigAdmin holds a configuration for its PID; the hot-deploy test
 * creates that configuration by dropping {@code lmwb.itest.configprobe.cfg} into the deploy folder.
 */
@Component(service = ConfigProbe.class, configurationPid = ConfigProbe.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ConfigProbe {
    /** The configuration PID (the .cfg file's base name). */
    public static final String PID = "lmwb.itest.configprobe";

    private final String greeting;

    /** @param properties the configuration */
    @Activate
    public ConfigProbe(Map<String, Object> properties) {
        this.greeting = String.valueOf(properties.get("greeting"));
    }

    /** @return the configured greeting */
    public String greeting() {
        return greeting;
    }
}
