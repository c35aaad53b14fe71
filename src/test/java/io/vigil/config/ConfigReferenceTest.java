package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's directive table is generated from the option table itself, so it lists every directive
 * Vigil accepts with its real default. The test fails when the file is stale; run it with
 * {@code -Dvigil.regenerate=true} to rewrite the generated part.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED: directives (ConfigReferenceTest) -->";
    private static final String END = "<!-- END GENERATED -->";

    @Test
    void referenceListsEveryDirectiveWithItsDefault() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        assertThat(b).as("generated block markers in " + DOC).isNotNegative();
        assertThat(e).isGreaterThan(b);
        String fresh = doc.substring(0, b + BEGIN.length()) + "\n" + table() + doc.substring(e);
        if (Boolean.getBoolean("vigil.regenerate")) {
            Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
            doc = fresh;
        }
        assertThat(doc).as(DOC + " is stale: run mvn test -Dtest=ConfigReferenceTest -Dvigil.regenerate=true")
                .isEqualTo(fresh);
    }

    static String table() {
        // The options Options declares (other tests may register extra ones in the same JVM).
        List<Option<?>> all = new ArrayList<>();
        for (java.lang.reflect.Field f : Options.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == Option.class) {
                try {
                    all.add((Option<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(Options.all()).containsAll(all);
        all.sort(Comparator.comparing(Option::name));
        StringBuilder sb = new StringBuilder();
        sb.append("| directive | default | CONFIG SET | notes |\n| --- | --- | --- | --- |\n");
        for (Option<?> o : all) {
            List<String> notes = new ArrayList<>();
            if (Options.VIGIL_OWN.contains(o)) {
                notes.add("Vigil's own");
            }
            if (!o.aliases().isEmpty()) {
                notes.add("alias " + String.join(", ", o.aliases()));
            }
            if (o.has(Option.Flag.PROTECTED)) {
                notes.add("protected (enable-protected-configs)");
            }
            if (o.has(Option.Flag.SENSITIVE)) {
                notes.add("secret: redacted");
            }
            if (o.has(Option.Flag.HIDDEN)) {
                notes.add("hidden from CONFIG GET patterns");
            }
            String def = o.name().equals("dir") ? "(the working directory)" : render(o);
            sb.append("| `").append(o.name()).append("` | ").append(def.isEmpty() ? "\"\"" : "`" + def.replace("|", "\\|") + "`")
                    .append(" | ").append(o.has(Option.Flag.IMMUTABLE) ? "no" : "yes").append(" | ")
                    .append(String.join("; ", notes)).append(" |\n");
        }
        return sb.toString();
    }

    private static <T> String render(Option<T> o) {
        return o.render(o.defaultValue());
    }
}
