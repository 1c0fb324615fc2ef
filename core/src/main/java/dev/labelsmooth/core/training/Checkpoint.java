package dev.labelsmooth.core.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import com.google.gson.JsonParseException;
import dev.labelsmooth.core.io.AtomicFiles;
import dev.labelsmooth.core.io.Json;
import dev.labelsmooth.core.metrics.ClassificationMetrics.ReliabilityBin;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a run stands in one directory: after its last finished epoch, or part-way through an epoch
 * when it was asked to stop ({@link StopRequest}). {@code parameters-<position>.bin} holds every
 * parameter's name and raw bytes in the block's order (BatchNorm's running statistics included),
 * {@code optimizer-<position>.bin} Adam's moment estimates, so a resumed run continues exactly, and
 * {@code state.json} the position (epochs done, and steps done in the next one with that epoch's
 * running training sums), the best so far, and a CRC-32C of each file and of the state itself. The
 * position is the epoch count, or {@code <epochs>-<steps>} part-way through an epoch. The files are
 * written first, then the state is replaced atomically, then the files of earlier positions are
 * deleted: a process killed at any moment leaves a state whose files are all there and all of the
 * same position.
 *
 * <p>Everything read back is checked before any array is touched (the checksums catch flipped bytes
 * and hand edits); a checkpoint that fails a check raises {@link DamagedCheckpointException}, and
 * {@link #moveAside} keeps it for inspection. States written before checksums existed are read
 * without them.
 */
public final class Checkpoint {

    static final String STATE = "state.json";

    private final Path dir;

    /**
     * @param dir the directory of one run's checkpoint
     */
    public Checkpoint(Path dir) {
        this.dir = dir;
    }

    /**
     * Whether checkpoints hold Adam's moment estimates on this DJL, which keeps them in private
     * fields read by reflection. When false, checkpoints go on without them and a resumed run
     * restarts them from zero, so it no longer ends exactly as an uninterrupted one; callers should
     * say so (the sweep logs a warning and records it in its provenance).
     */
    public static boolean holdsAdamMoments() {
        return AdamMoments.supported();
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Where a run stands after its last finished epoch.
     *
     * @param epochs epochs finished
     * @param bestValAcc best validation accuracy over the epochs so far, percent (NaN before the
     *     first epoch)
     * @param bestEpoch the selected 1-based epoch: the holdout's best where there is a holdout,
     *     else the validation's best
     * @param finalValAcc the last epoch's validation accuracy
     * @param bestNll validation NLL at the selected epoch
     * @param bestEce validation ECE at the selected epoch
     * @param bestReliability the reliability bins at the selected epoch
     * @param seconds wall time over all sessions
     * @param selectedValAcc validation accuracy at the selected epoch; null in states written
     *     before holdouts, where it is {@code bestValAcc}
     * @param selectedHoldoutAcc holdout accuracy at the selected epoch; null without a holdout
     * @param partial the steps done in epoch {@code epochs + 1} when the run stopped part-way
     *     through it; null at an epoch's end
     * @param files the CRC-32C (hex) of each file of this position, by file name; null in states
     *     written before checksums
     * @param checksum the CRC-32C (hex) of this state's JSON written with a null checksum
     */
    record State(
            int epochs,
            double bestValAcc,
            int bestEpoch,
            double finalValAcc,
            double bestNll,
            double bestEce,
            List<ReliabilityBin> bestReliability,
            double seconds,
            Double selectedValAcc,
            Double selectedHoldoutAcc,
            Partial partial,
            Map<String, String> files,
            String checksum) {

        /** A state at an epoch's end, before its files are written. */
        State(
                int epochs,
                double bestValAcc,
                int bestEpoch,
                double finalValAcc,
                double bestNll,
                double bestEce,
                List<ReliabilityBin> bestReliability,
                double seconds,
                Double selectedValAcc,
                Double selectedHoldoutAcc) {
            this(
                    epochs,
                    bestValAcc,
                    bestEpoch,
                    finalValAcc,
                    bestNll,
                    bestEce,
                    bestReliability,
                    seconds,
                    selectedValAcc,
                    selectedHoldoutAcc,
                    null,
                    null,
                    null);
        }

        /** A state without a holdout, where the selected epoch is the validation's best. */
        State(
                int epochs,
                double bestValAcc,
                int bestEpoch,
                double finalValAcc,
                double bestNll,
                double bestEce,
                List<ReliabilityBin> bestReliability,
                double seconds) {
            this(
                    epochs,
                    bestValAcc,
                    bestEpoch,
                    finalValAcc,
                    bestNll,
                    bestEce,
                    bestReliability,
                    seconds,
                    null,
                    null);
        }

        static State fresh() {
            return new State(0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), 0);
        }

        /** The validation accuracy at the selected epoch. */
        double selectedVal() {
            return selectedValAcc == null ? bestValAcc : selectedValAcc;
        }

        /** The holdout accuracy at the selected epoch, NaN without a holdout. */
        double selectedHoldout() {
            return selectedHoldoutAcc == null ? Double.NaN : selectedHoldoutAcc;
        }

        /** Steps done in epoch {@code epochs + 1}: 0 at an epoch's end. */
        int stepsInEpoch() {
            return partial == null ? 0 : partial.steps();
        }

        /** This state part-way through epoch {@code epochs + 1}. */
        State at(Partial partial, double seconds) {
            return copy(partial, seconds, null, null);
        }

        State withFiles(Map<String, String> files, String checksum) {
            return copy(partial, seconds, files, checksum);
        }

        private State copy(
                Partial partial, double seconds, Map<String, String> files, String checksum) {
            return new State(
                    epochs,
                    bestValAcc,
                    bestEpoch,
                    finalValAcc,
                    bestNll,
                    bestEce,
                    bestReliability,
                    seconds,
                    selectedValAcc,
                    selectedHoldoutAcc,
                    partial,
                    files,
                    checksum);
        }

        /** The file names' stem: the epochs, or {@code <epochs>-<steps>} part-way. */
        String position() {
            return partial == null ? Integer.toString(epochs) : epochs + "-" + partial.steps();
        }
    }

    /**
     * An epoch stopped part-way: the steps done and the running sums its training loss and accuracy
     * are made of, so the resumed epoch reports what an uninterrupted one would.
     *
     * @param steps optimizer steps done in the epoch, at least 1
     * @param lossSum the sum of the batches' summed losses
     * @param correct training examples classified correctly
     * @param seen training examples seen
     * @param seconds the epoch's wall time so far
     */
    record Partial(int steps, double lossSum, long correct, long seen, double seconds) {}

    /**
     * The epochs a checkpoint directory holds, as a resume would continue after them: 0 when there
     * is no checkpoint or it cannot be resumed from (a resume would start over).
     *
     * @param dir a cell's checkpoint directory
     * @param runEpochs the run's epochs
     * @return the finished epochs
     */
    public static int finishedEpochs(Path dir, int runEpochs) throws IOException {
        try {
            return new Checkpoint(dir).readState(runEpochs).epochs();
        } catch (DamagedCheckpointException e) {
            return 0;
        }
    }

    /**
     * The saved state, or a fresh one when there is no checkpoint.
     *
     * @param runEpochs the run's epochs, which the saved state must not exceed
     * @throws DamagedCheckpointException when the state cannot be read or lies outside the run
     */
    State readState(int runEpochs) throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return State.fresh();
        }
        State state;
        try {
            state = Json.GSON.fromJson(Files.readString(file), State.class);
        } catch (JsonParseException | IOException e) {
            throw damaged(file, "is not a checkpoint state (" + e.getMessage() + ")", e);
        }
        if (state == null) {
            throw damaged(file, "is empty", null);
        }
        if (state.checksum() != null && !state.checksum().equals(checksumOf(state))) {
            throw damaged(
                    file, "does not match its checksum: it was changed after it was written", null);
        }
        int least = state.partial() == null ? 1 : 0;
        int most = state.partial() == null ? runEpochs : runEpochs - 1;
        if (state.epochs() < least || state.epochs() > most) {
            throw damaged(
                    file,
                    "must record "
                            + least
                            + " to "
                            + most
                            + " finished epochs, got "
                            + state.epochs(),
                    null);
        }
        if (state.partial() != null && state.partial().steps() < 1) {
            throw damaged(
                    file,
                    "must record at least 1 step into its epoch, got " + state.partial().steps(),
                    null);
        }
        boolean accuracy = state.bestValAcc() >= 0 && state.bestValAcc() <= 100;
        if (state.epochs() == 0) {
            // Stopped in the first epoch: nothing is chosen yet.
            accuracy = true;
        } else if (!accuracy || state.bestEpoch() < 1 || state.bestEpoch() > state.epochs()) {
            throw damaged(
                    file,
                    "must record a best epoch in [1, "
                            + state.epochs()
                            + "] and an accuracy in [0, 100], got epoch "
                            + state.bestEpoch()
                            + " and "
                            + state.bestValAcc(),
                    null);
        }
        if (!Files.isRegularFile(parametersFile(state))) {
            throw damaged(parametersFile(state), "is missing beside " + STATE, null);
        }
        return state;
    }

    /**
     * Copies the saved parameters (and Adam's moments, where saved) into the block's existing
     * arrays, after checking that every one fits. DJL's own {@code loadParameters} would put new
     * arrays in place, which the trainer's parameter store, set up at {@code initialize}, never
     * sees.
     *
     * @throws DamagedCheckpointException when a file is truncated or does not fit the model
     */
    void restore(Block block, Optimizer optimizer, State state) throws IOException {
        List<Pair<String, Parameter>> parameters = parameters(block);
        Path file = parametersFile(state);
        List<byte[]> values = new ArrayList<>();
        try (DataInputStream in = open(file, state)) {
            int count = in.readInt();
            if (count != parameters.size()) {
                throw damaged(
                        file, "must hold " + parameters.size() + " parameters, got " + count, null);
            }
            for (Pair<String, Parameter> p : parameters) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                if (!name.equals(p.getKey()) || bytes.length != bytes(p.getValue().getArray())) {
                    throw damaged(
                            file,
                            "does not fit the model at parameter "
                                    + p.getKey()
                                    + " (found "
                                    + name
                                    + ", "
                                    + bytes.length
                                    + " bytes)",
                            null);
                }
                values.add(bytes);
            }
            if (in.read() != -1) {
                throw damaged(file, "has bytes after its last parameter", null);
            }
        } catch (java.io.EOFException e) {
            throw damaged(file, "is truncated", e);
        }
        List<Moment> moments = readMoments(optimizerFile(state), state, parameters, optimizer);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i).getValue();
            NDArray target = parameter.getArray();
            // A new tensor swapped in under the same array object, which the trainer's parameter
            // store holds; NDArray.set would copy through a libtorch path that prints a
            // deprecation warning about silent wrong results on every resume.
            // The swapped-in tensor must own its memory: an array created from a buffer only
            // borrows that buffer (DJL keeps it alive through the array object, which intern
            // closes), so after the next garbage collection the parameter would point at freed
            // memory. duplicate() copies into memory libtorch owns.
            try (NDArray view =
                    target.getManager()
                            .create(
                                    buffer(values.get(i)),
                                    target.getShape(),
                                    target.getDataType())) {
                target.intern(view.duplicate());
            }
            if (parameter.requiresGradient()) {
                target.setRequiresGradient(true);
            }
        }
        for (Moment m : moments) {
            NDArray like = m.parameter.getArray();
            NDArray array;
            try (NDArray view =
                    like.getManager().create(buffer(m.bytes), like.getShape(), DataType.FLOAT32)) {
                // A copy libtorch owns, as above (toType to the same type would share the view's
                // borrowed memory; to another type it converts into new memory).
                array =
                        like.getDataType() == DataType.FLOAT32
                                ? view.duplicate()
                                : view.toType(like.getDataType(), false);
            }
            AdamMoments.state(m.adam, m.which)
                    .computeIfAbsent(m.parameter.getId(), k -> new ConcurrentHashMap<>())
                    .put(like.getDevice(), array);
        }
    }

    private record Moment(Adam adam, int which, Parameter parameter, byte[] bytes) {}

    private List<Moment> readMoments(
            Path file, State state, List<Pair<String, Parameter>> parameters, Optimizer optimizer)
            throws IOException {
        List<Adam> adams = AdamMoments.of(optimizer);
        List<Moment> out = new ArrayList<>();
        if (!Files.exists(file) || adams.isEmpty() || !AdamMoments.supported()) {
            return out;
        }
        try (DataInputStream in = open(file, state)) {
            int count = in.readInt();
            if (count != adams.size()) {
                throw damaged(
                        file, "must hold " + adams.size() + " optimizers, got " + count, null);
            }
            for (Adam adam : adams) {
                for (Pair<String, Parameter> p : parameters) {
                    for (int which = 0; which < 2; which++) {
                        if (!in.readBoolean()) {
                            continue;
                        }
                        byte[] bytes = new byte[in.readInt()];
                        in.readFully(bytes);
                        long expected = p.getValue().getArray().getShape().size() * 4L;
                        if (bytes.length != expected) {
                            throw damaged(
                                    file,
                                    "does not fit the model at parameter " + p.getKey(),
                                    null);
                        }
                        out.add(new Moment(adam, which, p.getValue(), bytes));
                    }
                }
            }
        } catch (java.io.EOFException e) {
            throw damaged(file, "is truncated", e);
        }
        return out;
    }

    /**
     * Saves the block's parameters and the optimizer's moments, then the state with their
     * checksums, then deletes the files of earlier positions.
     */
    void write(Block block, Optimizer optimizer, State state) throws IOException {
        List<Pair<String, Parameter>> parameters = parameters(block);
        Map<String, String> files = new java.util.TreeMap<>();
        AtomicFiles.write(
                parametersFile(state),
                stream -> {
                    DataOutputStream out =
                            new DataOutputStream(checked(stream, files, state, "parameters"));
                    out.writeInt(parameters.size());
                    for (Pair<String, Parameter> p : parameters) {
                        out.writeUTF(p.getKey());
                        byte[] bytes = hostBytes(p.getValue().getArray(), null);
                        out.writeInt(bytes.length);
                        out.write(bytes);
                    }
                    out.flush();
                });
        List<Adam> adams = AdamMoments.of(optimizer);
        if (!adams.isEmpty() && AdamMoments.supported()) {
            AtomicFiles.write(
                    optimizerFile(state),
                    stream -> {
                        DataOutputStream out =
                                new DataOutputStream(checked(stream, files, state, "optimizer"));
                        out.writeInt(adams.size());
                        for (Adam adam : adams) {
                            for (Pair<String, Parameter> p : parameters) {
                                for (int which = 0; which < 2; which++) {
                                    Map<Device, NDArray> byDevice =
                                            AdamMoments.state(adam, which)
                                                    .get(p.getValue().getId());
                                    NDArray array =
                                            byDevice == null
                                                    ? null
                                                    : byDevice.get(
                                                            p.getValue().getArray().getDevice());
                                    out.writeBoolean(array != null);
                                    if (array != null) {
                                        byte[] bytes = hostBytes(array, DataType.FLOAT32);
                                        out.writeInt(bytes.length);
                                        out.write(bytes);
                                    }
                                }
                            }
                        }
                        out.flush();
                    });
        }
        AtomicFiles.write(
                dir.resolve(STATE),
                Json.GSON.toJson(state.withFiles(files, checksumOf(state.withFiles(files, null)))));
        java.util.Set<String> current =
                java.util.Set.of(
                        parametersFile(state).getFileName().toString(),
                        optimizerFile(state).getFileName().toString());
        try (var listing = Files.list(dir)) {
            for (Path old : listing.toList()) {
                String name = old.getFileName().toString();
                boolean positionFile =
                        (name.startsWith("parameters-") || name.startsWith("optimizer-"))
                                && name.endsWith(".bin");
                if (positionFile && !current.contains(name)) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    /**
     * A stream that records the CRC-32C of what passes through it under the file's name when it is
     * flushed.
     */
    private java.io.OutputStream checked(
            java.io.OutputStream stream, Map<String, String> files, State state, String kind) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        String name = kind + "-" + state.position() + ".bin";
        return new java.io.FilterOutputStream(stream) {
            @Override
            public void write(int b) throws IOException {
                crc.update(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                crc.update(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                files.put(name, Long.toHexString(crc.getValue()));
                out.flush();
            }
        };
    }

    /** The CRC-32C (hex) of the state's JSON with a null checksum. */
    private static String checksumOf(State state) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(
                Json.GSON
                        .toJson(state.withFiles(state.files(), null))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /**
     * The bytes of {@code array} (converted to {@code type} unless null), read through a host copy
     * that is freed at once. DJL's own {@code toByteArray} of a GPU array leaves its host copy
     * attached to the array's manager, which lives as long as the model: a few megabytes per
     * checkpoint, gigabytes over a long cell.
     */
    static byte[] hostBytes(NDArray array, DataType type) {
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            NDArray host = array.toDevice(Device.cpu(), true);
            host.attach(scratch);
            if (type != null && host.getDataType() != type) {
                host = host.toType(type, false);
            }
            return host.toByteArray();
        }
    }

    private Path parametersFile(State state) {
        return dir.resolve("parameters-" + state.position() + ".bin");
    }

    private Path optimizerFile(State state) {
        return dir.resolve("optimizer-" + state.position() + ".bin");
    }

    /**
     * Renames the checkpoint to {@code <dir>.damaged-<time>}, so a restart does not see it and
     * nothing is deleted.
     *
     * @return where it went
     */
    public Path moveAside() throws IOException {
        String time = Instant.now().toString().replace(':', '-');
        Path target = dir.resolveSibling(dir.getFileName() + ".damaged-" + time);
        Files.move(dir, target);
        return target;
    }

    private static List<Pair<String, Parameter>> parameters(Block block) {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        block.getParameters().forEach(out::add);
        return out;
    }

    private static long bytes(NDArray array) {
        return array.getShape().size() * array.getDataType().getNumOfBytes();
    }

    private static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    /** The file's bytes, after checking them against the state's checksum when it has one. */
    private static DataInputStream open(Path file, State state) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String expected =
                state.files() == null ? null : state.files().get(file.getFileName().toString());
        if (state.files() != null && expected == null) {
            throw damaged(file, "has no checksum in " + STATE, null);
        }
        if (expected != null) {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes);
            if (!expected.equals(Long.toHexString(crc.getValue()))) {
                throw damaged(
                        file,
                        "does not match its checksum in " + STATE + ": its bytes were changed",
                        null);
            }
        }
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static DamagedCheckpointException damaged(Path file, String what, Throwable cause) {
        return new DamagedCheckpointException("checkpoint " + file + " " + what, cause);
    }
}
