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
        assertThat(NativeMemory.shouldRelaunch(new String[] {"search"}, Map.of(), "Linux"))
                .isTrue();
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

    @Test
    void relaunchKeepsEveryArgumentEvenEmptyOnes() {
        assertThat(
                        NativeMemory.relaunchCommand(
                                "/usr/bin/java",
                                java.util.List.of("-Xmx2g"),
                                "cli.jar",
                                new String[] {"sweep", "--out", ""}))
                .containsExactly(
                        "/usr/bin/java",
                        "-Xmx2g",
                        "-cp",
                        "cli.jar",
                        Main.class.getName(),
                        "sweep",
                        "--out",
                        "");
    }

    @Test
    void aChildKilledBySignalIsExplained() {
        assertThat(NativeMemory.killedBy(137))
                .hasValue(
                        "training process killed by signal 9, possibly the out-of-memory killer"
                                + " (see dmesg); rerun the same command to resume");
        assertThat(NativeMemory.killedBy(143)).get().asString().contains("signal 15");
        assertThat(NativeMemory.killedBy(2)).isEmpty();
        assertThat(NativeMemory.killedBy(0)).isEmpty();
    }
}
