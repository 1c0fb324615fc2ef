// Writes a data set this project reads as an image folder, then times decoding it.
//
//   java -cp cli/target/cli.jar docs/bench/FolderBench.java export fashion-mnist runs/fmnist-folder
//   java -cp cli/target/cli.jar docs/bench/FolderBench.java decode runs/fmnist-folder 28 1 2
//
// 'export' writes <dir>/train/<class>/*.png and <dir>/test/<class>/*.png from the IDX (or CIFAR)
// files; 'decode' reads the folder's training split with each thread count and prints images/s,
// and the same images from IDX for comparison.
import dev.labelsmooth.datasets.DataSource;
import dev.labelsmooth.datasets.DatasetCatalog;
import dev.labelsmooth.datasets.folder.ImageFolder;
import dev.labelsmooth.datasets.folder.ImageFolderWriter;
import dev.labelsmooth.datasets.images.LabeledImages;
import java.nio.file.Path;
import java.util.Locale;

public class FolderBench {
    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("export")) {
            DataSource source = DatasetCatalog.of(args[1]);
            Path dir = Path.of(args[2]);
            Path data = DatasetCatalog.defaultDataDir();
            long t = System.nanoTime();
            int n = ImageFolderWriter.write(source.read(data, true, 0, 0), dir.resolve("train"), "png");
            n += ImageFolderWriter.write(source.read(data, false, 0, 0), dir.resolve("test"), "png");
            System.out.printf(Locale.ROOT, "wrote %d PNG files under %s in %.1f s%n", n, dir, (System.nanoTime() - t) / 1e9);
            return;
        }
        if (args.length >= 4 && args[0].equals("decode")) {
            Path dir = Path.of(args[1]);
            int size = Integer.parseInt(args[2]);
            for (int i = 3; i < args.length; i++) {
                int threads = Integer.parseInt(args[i]);
                ImageFolder folder = new ImageFolder(dir, size, threads);
                long l = System.nanoTime();
                int files = folder.list().all().size();
                System.out.printf(Locale.ROOT, "listing %d files: %.2f s%n", files, (System.nanoTime() - l) / 1e9);
                long c = System.nanoTime();
                int channels = folder.channels(); // the header scan, cached for the process after the first
                System.out.printf(Locale.ROOT, "grey check of every header (%d channel(s)), %d thread(s): %.2f s%n",
                        channels, threads, (System.nanoTime() - c) / 1e9);
                for (int round = 1; round <= 2; round++) {
                    long t = System.nanoTime();
                    LabeledImages images = folder.read(true, 0, 1);
                    double s = (System.nanoTime() - t) / 1e9;
                    System.out.printf(Locale.ROOT, "folder read %d, %d thread(s): %d images in %.2f s, %.0f images/s%n",
                            round, threads, images.size(), s, images.size() / s);
                }
            }
            long t = System.nanoTime();
            LabeledImages idx = DatasetCatalog.of("fashion-mnist").read(DatasetCatalog.defaultDataDir(), true, 0, 0);
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "IDX read (fashion-mnist): %d images in %.2f s, %.0f images/s%n", idx.size(), s, idx.size() / s);
            long m = System.nanoTime();
            String manifest = new ImageFolder(dir, size, Integer.parseInt(args[args.length - 1])).manifest();
            double ms = (System.nanoTime() - m) / 1e9;
            System.out.printf(Locale.ROOT, "manifest (SHA-256 of %d files): %.2f s%n", manifest.lines().count(), ms);
            return;
        }
        System.err.println("usage: FolderBench export DATASET DIR | decode DIR SIZE THREADS...");
        System.exit(2);
    }
}
