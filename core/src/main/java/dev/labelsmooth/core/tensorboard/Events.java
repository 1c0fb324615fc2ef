package dev.labelsmooth.core.tensorboard;

import java.util.Map;

/**
 * The messages of TensorBoard's event files, encoded with the field numbers of its protos ({@code
 * tensorboard/compat/proto/event.proto}, {@code summary.proto}, {@code
 * tensorboard/plugins/hparams/plugin_data.proto} and {@code api.proto}, and {@code
 * google/protobuf/struct.proto} for hyperparameter values):
 *
 * <pre>
 * Event            { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 * Summary          { repeated Value value = 1; }
 * Summary.Value    { string tag = 1; float simple_value = 2; SummaryMetadata metadata = 9; }
 * SummaryMetadata  { PluginData plugin_data = 1; }   PluginData { string plugin_name = 1; bytes content = 2; }
 * HParamsPluginData{ int32 version = 1; Experiment experiment = 2;
 *                    SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; }
 * Experiment       { string description = 1; double time_created_secs = 3;
 *                    repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; string name = 6; }
 * HParamInfo       { string name = 1; string display_name = 2; string description = 3; DataType type = 4; }
 * MetricInfo       { MetricName name = 1; string display_name = 3; string description = 4; DatasetType dataset_type = 5; }
 * MetricName       { string group = 1; string tag = 2; }
 * SessionStartInfo { map&lt;string, Value&gt; hparams = 1; string model_uri = 2; string group_name = 4; double start_time_secs = 5; }
 * SessionEndInfo   { Status status = 1; double end_time_secs = 2; }
 * google.protobuf.Value { double number_value = 2; string string_value = 3; bool bool_value = 4; }
 * </pre>
 */
public final class Events {

    /** What TensorBoard expects as the first event of a file. */
    public static final String FILE_VERSION = "brain.Event:2";

    /** The tags and plugin name under which the HParams plugin looks for its records. */
    public static final String EXPERIMENT_TAG = "_hparams_/experiment";

    public static final String SESSION_START_TAG = "_hparams_/session_start_info";
    public static final String SESSION_END_TAG = "_hparams_/session_end_info";
    public static final String HPARAMS_PLUGIN = "hparams";

    /** {@code DataType} of a hyperparameter. */
    public enum HParamType {
        STRING(1),
        BOOL(2),
        FLOAT64(3);

        final int number;

        HParamType(int number) {
            this.number = number;
        }
    }

    /** {@code Status} of a session. */
    public enum Status {
        UNKNOWN(0),
        SUCCESS(1),
        FAILURE(2),
        RUNNING(3);

        final int number;

        Status(int number) {
            this.number = number;
        }
    }

    /**
     * A hyperparameter column of the experiment.
     *
     * @param name its key in every session's hparams
     * @param type its type
     * @param description shown in the UI
     */
    public record HParam(String name, HParamType type, String description) {}

    /**
     * A metric column of the experiment: the scalar {@code tag} in run {@code <session>/<group>}
     * (group "" for the session's own run).
     *
     * @param group the sub-run, "" for none
     * @param tag the scalar tag
     * @param description shown in the UI
     * @param validation whether it is measured on held-out data (else training data)
     */
    public record Metric(String group, String tag, String description, boolean validation) {}

    private Events() {}

    /** The first event of every file: {@code file_version = "brain.Event:2"}. */
    public static byte[] fileVersion(double wallTime) {
        return new ProtoWriter().fixed64(1, wallTime).string(3, FILE_VERSION).toByteArray();
    }

    /** A scalar summary: one {@code Summary.Value} with {@code simple_value}. */
    public static byte[] scalar(double wallTime, long step, String tag, float value) {
        ProtoWriter v = new ProtoWriter().string(1, tag).fixed32(2, value);
        return event(wallTime, step, new ProtoWriter().message(1, v));
    }

    /** The HParams experiment: its hyperparameter and metric columns. */
    public static byte[] experiment(
            double wallTime,
            String name,
            String description,
            java.util.List<HParam> hparams,
            java.util.List<Metric> metrics) {
        ProtoWriter experiment = new ProtoWriter().string(1, description).fixed64(3, wallTime);
        for (HParam h : hparams) {
            experiment.message(
                    4,
                    new ProtoWriter()
                            .string(1, h.name())
                            .string(2, h.name())
                            .string(3, h.description())
                            .varint(4, h.type().number));
        }
        for (Metric m : metrics) {
            experiment.message(
                    5,
                    new ProtoWriter()
                            .message(1, new ProtoWriter().string(1, m.group()).string(2, m.tag()))
                            .string(3, m.tag())
                            .string(4, m.description())
                            .varint(5, m.validation() ? 2 : 1));
        }
        experiment.string(6, name);
        return hparams(wallTime, EXPERIMENT_TAG, 2, experiment);
    }

    /**
     * The start of a session (a training run): its hyperparameter values and the group it belongs
     * to (sessions with the same configuration and different seeds share a group).
     *
     * @param values String, Boolean or Number values by hyperparameter name
     */
    public static byte[] sessionStart(
            double wallTime, Map<String, Object> values, String groupName, String modelUri) {
        ProtoWriter start = new ProtoWriter();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            start.message(
                    1, new ProtoWriter().string(1, e.getKey()).message(2, value(e.getValue())));
        }
        start.string(2, modelUri).string(4, groupName).fixed64(5, wallTime);
        return hparams(wallTime, SESSION_START_TAG, 3, start);
    }

    /** The end of a session. */
    public static byte[] sessionEnd(double wallTime, Status status) {
        ProtoWriter end = new ProtoWriter().varint(1, status.number).fixed64(2, wallTime);
        return hparams(wallTime, SESSION_END_TAG, 4, end);
    }

    private static ProtoWriter value(Object v) {
        if (v instanceof Boolean b) {
            return new ProtoWriter().varint(4, b ? 1 : 0);
        }
        if (v instanceof Number n) {
            return new ProtoWriter().fixed64(2, n.doubleValue());
        }
        return new ProtoWriter().string(3, String.valueOf(v));
    }

    private static byte[] hparams(double wallTime, String tag, int field, ProtoWriter data) {
        byte[] content = new ProtoWriter().varint(1, 0).message(field, data).toByteArray();
        ProtoWriter metadata =
                new ProtoWriter()
                        .message(1, new ProtoWriter().string(1, HPARAMS_PLUGIN).bytes(2, content));
        ProtoWriter v = new ProtoWriter().string(1, tag).message(9, metadata);
        return event(wallTime, 0, new ProtoWriter().message(1, v));
    }

    private static byte[] event(double wallTime, long step, ProtoWriter summary) {
        return new ProtoWriter()
                .fixed64(1, wallTime)
                .varint(2, step)
                .message(5, summary)
                .toByteArray();
    }
}
