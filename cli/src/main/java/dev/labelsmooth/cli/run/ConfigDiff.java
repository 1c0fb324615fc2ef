package dev.labelsmooth.cli.run;

import dev.labelsmooth.core.sweep.SweepConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Names the settings in which two sweep configurations differ, for the refusal to resume. */
final class ConfigDiff {

    /** Where a sweep runs, not what it computes. */
    private static final Set<String> IGNORED = Set.of("device", "gpus");

    private ConfigDiff() {}

    static String describe(SweepConfig before, SweepConfig now) {
        List<String> diffs = new ArrayList<>();
        collect("", before, now, diffs);
        return String.join(", ", diffs);
    }

    /** Compares records component by component, descending into nested records. */
    private static void collect(String prefix, Record a, Record b, List<String> diffs) {
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            if (IGNORED.contains(c.getName())) {
                continue;
            }
            try {
                Object x = c.getAccessor().invoke(a);
                Object y = c.getAccessor().invoke(b);
                if (x instanceof Record rx
                        && y instanceof Record ry
                        && rx.getClass() == ry.getClass()) {
                    collect(prefix + c.getName() + ".", rx, ry, diffs);
                } else if (!Objects.equals(x, y)) {
                    diffs.add(prefix + c.getName() + " " + x + " -> " + y);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
