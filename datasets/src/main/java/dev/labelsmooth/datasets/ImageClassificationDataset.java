package dev.labelsmooth.datasets;

import static dev.labelsmooth.core.Checks.require;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import dev.labelsmooth.datasets.augment.AugmentSpec;
import dev.labelsmooth.datasets.augment.ShiftFlip;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DJL data set over {@link LabeledImages}: pixels scaled to [0, 1] minus an optional per-pixel
 * mean image, labels as int64 class indices, optional {@link ShiftFlip} augmentation.
 *
 * <p>{@link #getData(NDManager)} builds each batch from the uint8 images with one copy into a
 * direct buffer and a few whole-batch NDArray operations (convert, scale, subtract, augment), on
 * the manager's device. Its order and augmentation come only from the seed and the epoch number
 * (each call is the next epoch, or name one with {@link #getData(NDManager, int)}), so a run can be
 * repeated and resumed exactly.
 */
public final class ImageClassificationDataset extends RandomAccessDataset {

    private final LabeledImages images;
    private final float[] mean;
    private final AugmentSpec augment;
    private final long seed;
    private final int batchSize;
    private final boolean shuffle;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private ImageClassificationDataset(Builder builder) {
        super(builder);
        this.images = builder.images;
        this.mean = builder.mean;
        this.augment = builder.augment;
        this.seed = builder.seed;
        this.batchSize = builder.batchSize;
        this.shuffle = builder.shuffle;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LabeledImages images() {
        return images;
    }

    /** The (C, H, W) shape of one image. */
    public Shape imageShape() {
        return new Shape(images.channels(), images.height(), images.width());
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        NDArray image = normalise(manager, new int[] {i}).squeeze(0);
        NDArray label = manager.create((long) images.labels()[i]);
        return new Record(new NDList(image), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return images.size();
    }

    @Override
    public void prepare(Progress progress) {
        // Everything is in memory from the builder.
    }

    /** The batches of the next epoch. */
    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return getData(manager, nextEpoch.getAndIncrement());
    }

    /** As {@link #getData(NDManager)}; batches are built on the calling thread. */
    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService) {
        return getData(manager);
    }

    /**
     * The batches of epoch {@code epoch} (0-based); the same epoch always gives the same batches.
     */
    public Iterable<Batch> getData(NDManager manager, int epoch) {
        nextEpoch.set(epoch + 1);
        return () -> new BatchIterator(manager, epoch);
    }

    /** Scaled, mean-subtracted images at {@code indices} as a (n, C, H, W) float32 array. */
    private NDArray normalise(NDManager manager, int[] indices) {
        int stride = images.imageBytes();
        ByteBuffer buffer = ByteBuffer.allocateDirect(indices.length * stride);
        return normalise(manager, indices, indices.length, buffer);
    }

    private NDArray normalise(NDManager manager, int[] indices, int count, ByteBuffer buffer) {
        int stride = images.imageBytes();
        buffer.clear();
        for (int j = 0; j < count; j++) {
            buffer.put(images.pixels(), indices[j] * stride, stride);
        }
        buffer.flip();
        Shape shape = new Shape(count, images.channels(), images.height(), images.width());
        NDArray bytes = manager.create(buffer, shape, DataType.UINT8);
        NDArray x = bytes.toType(DataType.FLOAT32, false).div(255f);
        bytes.close(); // the direct buffer is refilled for the next batch
        if (mean != null) {
            x = x.sub(manager.create(mean, imageShape()));
        }
        return x;
    }

    private final class BatchIterator implements Iterator<Batch> {

        private final NDManager manager;
        private final int[] order;
        private final Random augmentRandom;
        private final ByteBuffer buffer;
        private final long batches;
        private int position;
        private long batchIndex;

        BatchIterator(NDManager manager, int epoch) {
            this.manager = manager;
            SplittableRandom epochRandom = new SplittableRandom(seed).split();
            for (int e = 0; e < epoch; e++) {
                epochRandom = epochRandom.split();
            }
            Random shuffleRandom = new Random(epochRandom.nextLong());
            this.augmentRandom = new Random(epochRandom.nextLong());
            int n = Math.toIntExact(size());
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (shuffle) {
                for (int i = n - 1; i > 0; i--) {
                    int j = shuffleRandom.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            buffer =
                    ByteBuffer.allocateDirect(
                            Math.min(batchSize, Math.max(1, n)) * images.imageBytes());
            batches = (n + batchSize - 1) / batchSize;
        }

        @Override
        public boolean hasNext() {
            return position < order.length;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int count = Math.min(batchSize, order.length - position);
            int[] indices = new int[count];
            System.arraycopy(order, position, indices, 0, count);
            position += count;
            NDManager batchManager = manager.newSubManager();
            NDArray x = normalise(batchManager, indices, count, buffer);
            if (augment != null) {
                x = ShiftFlip.apply(x, augment, augmentRandom);
            }
            long[] labels = new long[count];
            for (int j = 0; j < count; j++) {
                labels[j] = images.labels()[indices[j]];
            }
            NDArray y = batchManager.create(labels);
            return new Batch(
                    batchManager,
                    new NDList(x),
                    new NDList(y),
                    count,
                    Batchifier.STACK,
                    Batchifier.STACK,
                    batchIndex++,
                    batches);
        }
    }

    /** Builds an {@link ImageClassificationDataset}; images and sampling are required. */
    public static final class Builder extends BaseBuilder<Builder> {

        private LabeledImages images;
        private float[] mean;
        private AugmentSpec augment;
        private long seed;
        private int batchSize;
        private boolean shuffle;

        private Builder() {}

        public Builder setImages(LabeledImages images) {
            this.images = images;
            return this;
        }

        /** Batch size and whether each epoch is shuffled (with the seed). */
        @Override
        public Builder setSampling(int batchSize, boolean shuffle) {
            require(batchSize >= 1, "batch size", ">= 1", batchSize);
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            return super.setSampling(batchSize, shuffle);
        }

        /**
         * The per-pixel mean image in [0, 1] to subtract (C * H * W values), usually the training
         * set's.
         */
        public Builder optMean(float[] mean) {
            this.mean = mean == null ? null : mean.clone();
            return this;
        }

        /** Augments every batch of {@link #getData}; leave unset for validation data. */
        public Builder optAugmentation(AugmentSpec augment) {
            this.augment = augment;
            return this;
        }

        /** The seed of the shuffling and augmentation streams. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the data set.
         *
         * @return the data set
         * @throws IllegalStateException when the images or the sampling are missing
         */
        public ImageClassificationDataset build() {
            if (images == null || batchSize == 0) {
                throw new IllegalStateException(
                        "setImages and setSampling must be called before build()");
            }
            if (mean != null) {
                require(
                        mean.length == images.imageBytes(),
                        "mean image length",
                        "C*H*W = " + images.imageBytes(),
                        mean.length);
            }
            return new ImageClassificationDataset(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
