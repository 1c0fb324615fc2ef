package dev.labelsmooth.core.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The one JSON configuration of every file labelsmooth writes ({@code provenance.json}, checkpoint
 * state): NaN and infinities allowed, since an unfinished metric is NaN, and indented for people.
 */
public final class Json {

    /** Reads and writes every JSON file of the tool. */
    public static final Gson GSON =
            new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    private Json() {}
}
