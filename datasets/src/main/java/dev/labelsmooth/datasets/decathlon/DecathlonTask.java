package dev.labelsmooth.datasets.decathlon;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ten Visual Domain Decathlon tasks and their number of classes. */
public enum DecathlonTask {
    AIRCRAFT("aircraft", 100),
    CIFAR100("cifar100", 100),
    DAIMLERPEDCLS("daimlerpedcls", 2),
    DTD("dtd", 47),
    GTSRB("gtsrb", 43),
    IMAGENET12("imagenet12", 1000),
    OMNIGLOT("omniglot", 1623),
    SVHN("svhn", 10),
    UCF101("ucf101", 101),
    VGG_FLOWERS("vgg-flowers", 102);

    private final String id;
    private final int numClasses;

    DecathlonTask(String id, int numClasses) {
        this.id = id;
        this.numClasses = numClasses;
    }

    /** The task's name in file names and on the command line, e.g. {@code vgg-flowers}. */
    public String id() {
        return id;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Whether the paper subtracts the per-pixel training mean (all but imagenet12). */
    public boolean subtractsMean() {
        return this != IMAGENET12;
    }

    /** The task with this id. */
    public static DecathlonTask of(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(t -> t.id.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "decathlon task must be one of "
                                                + Arrays.stream(values())
                                                        .map(DecathlonTask::id)
                                                        .collect(Collectors.joining(", "))
                                                + ", got '"
                                                + id
                                                + "'"));
    }
}
