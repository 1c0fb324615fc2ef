package dev.labelsmooth.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An input file as it was read: path, size and SHA-256.
 *
 * @param path the file
 * @param bytes its size
 * @param sha256 lower-case hex digest
 */
public record FileDigest(String path, long bytes, String sha256) {

    /** Hashes {@code file}. */
    public static FileDigest of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return new FileDigest(
                file.toAbsolutePath().toString(),
                Files.size(file),
                HexFormat.of().formatHex(digest.digest()));
    }

    /** The SHA-256 of bytes in memory, e.g. the float bits of a mean image. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
