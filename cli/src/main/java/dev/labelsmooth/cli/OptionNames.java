package dev.labelsmooth.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line's names for the library's settings. The experiment library names a setting in
 * its messages by its Java name in single quotes ({@code 'batchSize' must be >= 1, got 0}); a user
 * of the command line reads the option instead ({@code --batch-size must be >= 1, got 0}).
 */
final class OptionNames {

    private OptionNames() {}

    /** Setting name -> option. */
    static final Map<String, String> OPTIONS =
            Map.ofEntries(
                    Map.entry("datasets", "--dataset"),
                    Map.entry("models", "--model"),
                    Map.entry("gammas", "--gammas"),
                    Map.entry("epsilons", "--epsilons"),
                    Map.entry("penalties", "--penalties"),
                    Map.entry("disturb", "--disturb"),
                    Map.entry("mixes", "--mix"),
                    Map.entry("seeds", "--seeds"),
                    Map.entry("epochs", "--epochs"),
                    Map.entry("batchSize", "--batch-size"),
                    Map.entry("imagenetBatchSize", "--batch-size"),
                    Map.entry("bnMomentum", "--bn-momentum"),
                    Map.entry("limitTrain", "--limit-train"),
                    Map.entry("limitVal", "--limit-val"),
                    Map.entry("dataSeed", "--data-seed"),
                    Map.entry("imageSize", "--image-size"),
                    Map.entry("device", "--device"),
                    Map.entry("gpus", "--gpus"),
                    Map.entry("eta", "--eta"),
                    Map.entry("minEpochs", "--min-epochs"),
                    Map.entry("dataDir", "--data-dir"),
                    Map.entry("runDirectory", "--out"),
                    Map.entry("force", "--force"),
                    Map.entry("shard", "--shard"),
                    Map.entry("shards", "--shards"),
                    Map.entry("workers", "--workers"),
                    Map.entry("results", "--results"),
                    Map.entry("replay", "--replay"),
                    Map.entry("holdout", "--holdout"),
                    Map.entry("batch", "--batch"),
                    Map.entry("steps", "--steps"),
                    Map.entry("warmup", "--warmup"),
                    Map.entry("classes", "--classes"));

    private static final Pattern QUOTED = Pattern.compile("'(\\w+)'");

    /** {@code message} with every quoted setting name replaced by its option. */
    static String translate(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String option = OPTIONS.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(option != null ? option : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
