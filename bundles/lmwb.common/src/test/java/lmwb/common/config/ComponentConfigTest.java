package lmwb.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Config annotations built outside a framework take the given values and the declared defaults. */
class ComponentConfigTest {
    /** Like a component's nested config: class retention, as DS property types usually have. */
    @interface Sample {
        String folder() default "";

        int timeoutSeconds() default 900;
    }

    @Test
    void givenValuesWinAndTheRestAreTheDefaults() {
        Sample s = ComponentConfig.of(Sample.class, Map.of("folder", "/tmp/x"));
        assertEquals("/tmp/x", s.folder());
        assertEquals(900, s.timeoutSeconds());
        assertEquals(Sample.class, s.annotationType());
        assertEquals("", ComponentConfig.of(Sample.class, Map.of()).folder());
    }

    @Test
    void unknownNamesAndWrongTypesAreRefused() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> ComponentConfig.of(Sample.class, Map.of("folders", "/tmp/x")));
        assertTrue(typo.getMessage().contains("no element [folders]") && typo.getMessage().contains("folder"),
                typo.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> ComponentConfig.of(Sample.class, Map.of("timeoutSeconds", "10")));
        assertTrue(type.getMessage().contains("timeoutSeconds is a int"), type.getMessage());
    }
}
