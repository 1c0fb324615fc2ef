package dev.labelsmooth.experiment.store;

import dev.labelsmooth.core.UsageException;
import dev.labelsmooth.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file of the run directory: appended row by row and synced, read back with its header, or
 * rewritten atomically. Every read error names the file and the line as an editor shows it.
 */
final class CsvFile {

    private static final CSVFormat WRITE =
            CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private static final CSVFormat READ =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();

    private final Path file;
    private final List<String> columns;

    CsvFile(Path file, List<String> columns) {
        this.file = file;
        this.columns = List.copyOf(columns);
    }

    Path path() {
        return file;
    }

    /**
     * Appends rows (the header first when the file is new or empty), then syncs the file. A file
     * written by an earlier version, without some of the columns, is first rewritten with them (see
     * {@link #upgrade}).
     */
    void append(List<List<String>> rows) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        dropTornTail();
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            upgrade();
        }
        try (FileChannel channel =
                        FileChannel.open(
                                file,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                StandardOpenOption.APPEND);
                Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, WRITE)) {
            if (fresh) {
                printer.printRecord(columns);
            }
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
            printer.flush();
            channel.force(true);
        }
    }

    /**
     * Cuts off a last line that has no line end: a row whose write a kill or a full disk cut short.
     * Appended to, it would glue the next row onto it and both would be lost. Every row is written
     * whole and synced before the state that depends on it (a checkpoint is deleted only after its
     * cell's result row is synced; an epoch is kept only once its checkpoint is), so the row's cell
     * trains or finishes again and writes it anew.
     *
     * @return the bytes cut off, 0 when the file ends with a line end or does not exist
     */
    long dropTornTail() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end == size) {
                return 0;
            }
            channel.truncate(end);
            channel.force(true);
            return size - end;
        }
    }

    /** Replaces the file with the header and {@code rows}, atomically. */
    void rewrite(List<List<String>> rows) throws IOException {
        AtomicFiles.write(
                file,
                out -> {
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(writer, WRITE);
                    printer.printRecord(columns);
                    for (List<String> row : rows) {
                        printer.printRecord(row);
                    }
                    printer.flush();
                });
    }

    /**
     * Rewrites a file whose header lacks some of this version's columns with all of them: every
     * value kept, the missing key columns filled as the file meant them ({@code beta} and {@code
     * alpha} 0), other missing columns empty. A file with the current header is left as it is.
     *
     * @throws UsageException for a column this version does not know or a row cut short, naming the
     *     file and line
     */
    void upgrade() throws IOException {
        List<String> header;
        try (Reader reader =
                        withoutByteOrderMark(
                                Files.newBufferedReader(file, StandardCharsets.UTF_8));
                CSVParser parser = READ.parse(reader)) {
            header = parser.getHeaderNames();
        }
        if (header.equals(columns)) {
            return;
        }
        List<String> unknown = header.stream().filter(c -> !columns.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new UsageException(
                    file
                            + " must have the columns "
                            + columns
                            + ", got "
                            + header
                            + " (unknown "
                            + String.join(", ", unknown)
                            + "); was it written by a newer labelsmooth?");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Row row : read(List.of())) {
            try {
                row.requireComplete();
            } catch (UsageException e) {
                throw new UsageException(
                        e.getMessage()
                                + " "
                                + row.where()
                                + "; fix or delete that line (the other rows are kept), or rerun"
                                + " with 'force' to start over",
                        e);
            }
            rows.add(row.values(columns));
        }
        rewrite(rows);
        org.slf4j.LoggerFactory.getLogger(CsvFile.class)
                .info(
                        "added the columns {} to {} (its {} rows are otherwise unchanged)",
                        columns.stream().filter(c -> !header.contains(c)).toList(),
                        file,
                        rows.size());
    }

    /** A read row: its fields by column name, and where it stands in the file. */
    static final class Row {
        private final CSVRecord record;
        private final Path file;
        private final int columns;

        Row(CSVRecord record, Path file, int columns) {
            this.record = record;
            this.file = file;
            this.columns = columns;
        }

        /** The line an editor shows for this row (the header is line 1). */
        long line() {
            return record.getRecordNumber() + 1;
        }

        /** "on line N of FILE", for messages. */
        String where() {
            return "on line " + line() + " of " + file;
        }

        /**
         * Checks that the row has as many fields as the header: a shorter row is a write that was
         * cut short (a full disk, a killed process), not a row with empty values.
         */
        void requireComplete() {
            if (record.size() != columns) {
                throw new UsageException(
                        "a row must have "
                                + columns
                                + " fields as the header, got "
                                + record.size()
                                + " (a write cut short?)");
            }
        }

        /**
         * The fields in the order of {@code columns}; a key column the file lacks reads as its
         * meaning ({@code beta} and {@code alpha} 0), any other as empty.
         */
        List<String> values(List<String> columns) {
            List<String> out = new ArrayList<>(columns.size());
            for (String c : columns) {
                out.add(
                        record.isMapped(c) && record.isSet(c)
                                ? record.get(c)
                                : CellKey.ABSENT.getOrDefault(c, ""));
            }
            return out;
        }

        String text(String column) {
            if (!record.isSet(column)) {
                throw new UsageException(
                        column
                                + " must be present, got a row with "
                                + record.size()
                                + " fields "
                                + where());
            }
            return record.get(column);
        }

        boolean has(String column) {
            return record.isMapped(column) && record.isSet(column) && !record.get(column).isEmpty();
        }

        double number(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                return Double.NaN;
            }
            try {
                double number = Double.parseDouble(value);
                if (Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new UsageException(
                            column
                                    + " must be a finite number or empty, got '"
                                    + value
                                    + "' "
                                    + where());
                }
                return number;
            } catch (NumberFormatException e) {
                throw new UsageException(
                        column + " must be a number, got '" + value + "' " + where());
            }
        }

        double optionalNumber(String column) {
            return has(column) ? number(column) : Double.NaN;
        }

        BigDecimal decimal(String column) {
            String value = text(column);
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new UsageException(
                        column + " must be a number, got '" + value + "' " + where());
            }
        }

        BigDecimal optionalDecimal(String column, BigDecimal absent) {
            return has(column) ? decimal(column) : absent;
        }

        int integer(String column) {
            String value = text(column);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException(
                        column + " must be a whole number, got '" + value + "' " + where());
            }
        }

        int optionalInteger(String column, int absent) {
            return has(column) ? integer(column) : absent;
        }
    }

    /** Skips a UTF-8 byte order mark, which spreadsheet programs put before the header. */
    private static Reader withoutByteOrderMark(java.io.BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /**
     * Every row, after checking that the header holds {@code required}.
     *
     * @throws UsageException naming the file for a missing column, and the line for a bad row
     */
    List<Row> read(List<String> required) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (Files.size(file) == 0) {
            // Created, then killed before its header: no rows yet (an append writes the header).
            return rows;
        }
        try (Reader reader =
                        withoutByteOrderMark(
                                Files.newBufferedReader(file, StandardCharsets.UTF_8));
                CSVParser parser = READ.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new UsageException(
                        file
                                + " must have the columns "
                                + required
                                + ", got "
                                + header
                                + " (missing "
                                + String.join(", ", missing)
                                + ")");
            }
            for (CSVRecord record : parser) {
                rows.add(new Row(record, file, header.size()));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new UsageException("cannot read " + file + " as CSV: " + e.getMessage(), e);
        }
        return rows;
    }
}
