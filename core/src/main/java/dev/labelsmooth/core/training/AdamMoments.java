package dev.labelsmooth.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adam's first and second moment estimates, which DJL keeps in private fields of {@link Adam}. A
 * checkpoint saves them so that a resumed run continues exactly as an uninterrupted one; without
 * them the moments would restart from zero. Read through reflection: if a DJL version renames the
 * fields, {@link #supported} is false and checkpoints go on without them.
 */
final class AdamMoments {

    private static final Field MEANS = field("means");
    private static final Field VARIANCES = field("variances");

    private AdamMoments() {}

    private static Field field(String name) {
        try {
            Field f = Adam.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this DJL's Adam exposes its state to reflection. */
    static boolean supported() {
        return MEANS != null && VARIANCES != null;
    }

    /** The Adam instances inside an optimizer, in a stable order. */
    static List<Adam> of(Optimizer optimizer) {
        List<Adam> out = new ArrayList<>();
        if (optimizer instanceof Adam adam) {
            out.add(adam);
        } else if (optimizer instanceof L2Regularized l2) {
            for (Optimizer part : l2.parts()) {
                out.addAll(of(part));
            }
        }
        return out;
    }

    /** Adam's {@code means} (0) or {@code variances} (1): parameter id, device, array. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<Device, NDArray>> state(Adam adam, int which) {
        try {
            return (Map<String, Map<Device, NDArray>>) (which == 0 ? MEANS : VARIANCES).get(adam);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Adam's state is not accessible", e);
        }
    }
}
