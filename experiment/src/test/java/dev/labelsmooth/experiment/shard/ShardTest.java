package dev.labelsmooth.experiment.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labelsmooth.core.loss.Smoothing;
import dev.labelsmooth.experiment.sweep.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void parsesIOfNAndRefusesAnythingElseNamingIt() {
        assertThat(Shard.parse("1/4")).isEqualTo(new Shard(1, 4));
        assertThat(Shard.parse("1/4").dirName()).isEqualTo("1-of-4");
        assertThatThrownBy(() -> Shard.parse("2/2"))
                .hasMessage("'shard' must be I/N with 0 <= I < N, got 2/2");
        assertThatThrownBy(() -> Shard.parse("-1/3"))
                .hasMessage("'shard' must be I/N with 0 <= I < N, got -1/3");
        assertThatThrownBy(() -> Shard.parse("a/b"))
                .hasMessage("'shard' must be I/N (e.g. 0/4) or auto, got 'a/b'");
    }

    @Test
    void slurmArrayVariablesGiveTheShardRelativeToTheArraysFirstIndex() {
        Map<String, String> env =
                Map.of(
                        "SLURM_ARRAY_TASK_ID", "5",
                        "SLURM_ARRAY_TASK_MIN", "4",
                        "SLURM_ARRAY_TASK_COUNT", "3");
        assertThat(Shard.fromEnvironment(env, OptionalInt.empty())).isEqualTo(new Shard(1, 3));
        assertThatThrownBy(() -> Shard.fromEnvironment(env, OptionalInt.of(4)))
                .hasMessage("'shards' must equal SLURM_ARRAY_TASK_COUNT=3 under Slurm, got 4");
        assertThatThrownBy(
                        () ->
                                Shard.fromEnvironment(
                                        Map.of(
                                                "SLURM_ARRAY_TASK_ID",
                                                "7",
                                                "SLURM_ARRAY_TASK_COUNT",
                                                "3"),
                                        OptionalInt.empty()))
                .hasMessageContaining(
                        "SLURM_ARRAY_TASK_ID must be in [SLURM_ARRAY_TASK_MIN, MIN + COUNT) = [0,"
                                + " 3)")
                .hasMessageContaining("got 7");
        assertThatThrownBy(
                        () ->
                                Shard.fromEnvironment(
                                        Map.of("SLURM_ARRAY_TASK_ID", "0"), OptionalInt.empty()))
                .hasMessage("SLURM_ARRAY_TASK_COUNT must be set for 'shard' auto, got nothing");
    }

    @Test
    void kubernetesNeedsTheShardCount() {
        Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", "2");
        assertThat(Shard.fromEnvironment(env, OptionalInt.of(4))).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.fromEnvironment(env, OptionalInt.empty()))
                .hasMessageContaining("must have 'shards' N");
        assertThatThrownBy(() -> Shard.fromEnvironment(env, OptionalInt.of(2)))
                .hasMessage("JOB_COMPLETION_INDEX must be below 'shards' 2, got 2");
        assertThatThrownBy(() -> Shard.fromEnvironment(Map.of(), OptionalInt.empty()))
                .hasMessageContaining("got neither in the environment");
    }

    @Test
    void cellsAreDealtLargestFirstRoundRobinAndEveryCellOnce() {
        List<Cell> cells = new ArrayList<>();
        for (int seed = 1; seed <= 7; seed++) {
            cells.add(new Cell("d", "m", Smoothing.ofGamma(1.0, 10), seed));
        }
        // Costs 1..7 by seed: order 7,6,5,4,3,2,1 dealt onto 3 shards.
        int[] shard = Shard.assign(cells, c -> c.seed(), 3);
        assertThat(shard).containsExactly(0, 2, 1, 0, 2, 1, 0);
        List<Cell> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.addAll(new Shard(i, 3).cellsOf(cells, c -> c.seed()));
        }
        assertThat(all).hasSize(7).containsExactlyInAnyOrderElementsOf(cells);
        // Equal costs keep grid order.
        assertThat(Shard.assign(cells, c -> 1, 2)).containsExactly(0, 1, 0, 1, 0, 1, 0);
    }
}
