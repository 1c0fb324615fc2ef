package dev.labelsmooth.experiment.store;

import dev.labelsmooth.experiment.sweep.Cell;
import java.util.Objects;

/**
 * A data set and a model: the unit a report compares loss configurations within, and a search
 * halves within.
 *
 * @param dataset the data set's name
 * @param model the model's name
 */
public record GroupKey(String dataset, String model) {

    /** Checks both names are there. */
    public GroupKey {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(model, "model");
    }

    /** The group of a result row. */
    public static GroupKey of(ResultRow row) {
        return new GroupKey(row.dataset(), row.model());
    }

    /** The group of a cell. */
    public static GroupKey of(Cell cell) {
        return new GroupKey(cell.dataset(), cell.model());
    }

    /** Part of a file name: {@code decathlon-aircraft-resnet20-v1}. */
    public String fileName() {
        return (dataset + "-" + model).replace('/', '-');
    }

    /** As headings show it: {@code fashion-mnist / resnet20-v1}. */
    @Override
    public String toString() {
        return dataset + " / " + model;
    }
}
