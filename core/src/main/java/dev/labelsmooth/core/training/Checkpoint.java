package dev.labelsmooth.core.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.core.io.Json;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The last finished epoch of a run in one directory: {@code parameters.bin} (every parameter's name
 * and raw bytes in the block's order) and {@code state.json} (epochs done and the best so far).
 * Each file is replaced atomically, parameters first, so the state never names an epoch whose
 * parameters are missing.
 */
public final class Checkpoint {

    static final String PARAMETERS = "parameters.bin";
    static final String STATE = "state.json";

    private final Path dir;

    /**
     * @param dir the directory of one run's checkpoint
     */
    public Checkpoint(Path dir) {
        this.dir = dir;
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Where a run stands after its last finished epoch.
     *
     * @param epochs epochs finished
     * @param bestValAcc best validation accuracy so far, percent (NaN before the first epoch)
     * @param bestEpoch its 1-based epoch
     * @param finalValAcc the last epoch's validation accuracy
     * @param bestNll validation NLL at the best epoch
     * @param bestEce validation ECE at the best epoch
     * @param bestReliability the reliability bins at the best epoch
     * @param seconds wall time over all sessions
     */
    record State(
            int epochs,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double bestNll,
            double bestEce,
            List<ReliabilityBin> bestReliability,
            double seconds) {

        static State fresh() {
            return new State(0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), 0);
        }
    }

    /** The saved state, or a fresh one when no complete checkpoint is there. */
    State readState() throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(PARAMETERS))) {
            return State.fresh();
        }
        State state = Json.GSON.fromJson(Files.readString(file), State.class);
        return state == null ? State.fresh() : state;
    }

    /**
     * Copies the saved values into the block's existing parameter arrays. DJL's own {@code
     * loadParameters} would put new arrays in place, which the trainer's parameter store, set up at
     * {@code initialize}, never sees.
     */
    void restore(Block block) throws IOException {
        Path file = dir.resolve(PARAMETERS);
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            var parameters = block.getParameters();
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new IOException(
                        "checkpoint "
                                + file
                                + " must hold "
                                + parameters.size()
                                + " parameters, got "
                                + count);
            }
            for (var entry : parameters) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                NDArray array = entry.getValue().getArray();
                long expected = array.getShape().size() * array.getDataType().getNumOfBytes();
                if (!name.equals(entry.getKey()) || bytes.length != expected) {
                    throw new IOException(
                            "checkpoint "
                                    + file
                                    + " does not fit the model at parameter "
                                    + entry.getKey()
                                    + " (found "
                                    + name
                                    + ", "
                                    + bytes.length
                                    + " bytes)");
                }
                array.set(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()));
            }
        }
    }

    /** Saves the block's parameters, then the state, each atomically. */
    void write(Block block, State state) throws IOException {
        AtomicFiles.write(
                dir.resolve(PARAMETERS),
                stream -> {
                    DataOutputStream out = new DataOutputStream(stream);
                    var parameters = block.getParameters();
                    out.writeInt(parameters.size());
                    for (var entry : parameters) {
                        out.writeUTF(entry.getKey());
                        byte[] bytes = entry.getValue().getArray().toByteArray();
                        out.writeInt(bytes.length);
                        out.write(bytes);
                    }
                    out.flush();
                });
        AtomicFiles.write(dir.resolve(STATE), Json.GSON.toJson(state));
    }
}
