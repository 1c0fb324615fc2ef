package dev.labelsmooth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    private static final String[] SWEEP = {"sweep", "--epochs", "1"};

    @Test
    void relaunchesTrainingCommandsOnLinuxOnce() {
        assertThat(NativeMemory.shouldRelaunch(SWEEP, Map.of(), "Linux")).isTrue();
        assertThat(NativeMemory.shouldRelaunch(new String[] {"bench"}, Map.of(), "Linux")).isTrue();
        Map<String, String> child = new HashMap<>(NativeMemory.SETTINGS);
        child.put(NativeMemory.PARENT, "123");
        assertThat(NativeMemory.shouldRelaunch(SWEEP, child, "Linux")).isFalse();
        assertThat(NativeMemory.isTuned(child)).isTrue();
    }

    @Test
    void leavesOtherCommandsPlatformsAndOptOutsAlone() {
        assertThat(NativeMemory.shouldRelaunch(new String[] {"report"}, Map.of(), "Linux"))
                .isFalse();
        assertThat(NativeMemory.shouldRelaunch(new String[0], Map.of(), "Linux")).isFalse();
        assertThat(NativeMemory.shouldRelaunch(SWEEP, Map.of(), "Mac OS X")).isFalse();
        assertThat(NativeMemory.shouldRelaunch(SWEEP, Map.of(NativeMemory.SWITCH, "off"), "Linux"))
                .isFalse();
        assertThat(
                        NativeMemory.shouldRelaunch(
                                SWEEP,
                                Map.of("LD_PRELOAD", "/usr/lib/libtcmalloc_minimal.so.4"),
                                "Linux"))
                .isFalse();
        assertThat(NativeMemory.shouldRelaunch(SWEEP, NativeMemory.SETTINGS, "Linux")).isFalse();
    }
}
