package dev.labelsmooth.cli.run;

import dev.labelsmooth.core.sweep.SweepConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Names the settings in which two sweep configurations differ, for the refusal to resume. */
final class ConfigDiff {

    private ConfigDiff() {}

    static String describe(SweepConfig before, SweepConfig now) {
        List<String> diffs = new ArrayList<>();
        for (RecordComponent c : SweepConfig.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(before);
                Object b = c.getAccessor().invoke(now);
                if (!Objects.equals(a, b)
                        && !c.getName().equals("device")
                        && !c.getName().equals("gpus")) {
                    diffs.add(c.getName() + " " + a + " -> " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(", ", diffs);
    }
}
