package io.sfsync.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One page of Bulk API 2.0 query results (CSV with a header row, RFC 4180: comma-separated, values in double quotes
 * when Salesforce quotes them, {@code ""} for a quote inside one, line breaks inside quotes kept, rows ending in LF or
 * CRLF, UTF-8). Records are flat, read-only maps of field → text in the header's order; Salesforce writes an empty
 * value for null, so empty becomes null. A row with fewer values than the header has null for the rest; values beyond
 * the header are ignored.
 *
 * <p>A first pull reads every record through here, so it is a parser of its own over the page's bytes: one pass, each
 * value decoded straight from them, a buffer only for a value with a doubled quote (commons-csv's general reader took a
 * third of the fetching thread's time in a profile of a 1,000,000-Lead pull). The separators are ASCII, and no byte of
 * a multi-byte UTF-8 character is, so the page is cut as bytes and only values are decoded, read from the stream in a
 * window of 64 KB: neither a text nor a copy of the whole page (megabytes, which the garbage collector handles as a
 * humongous object) is made. A record is an array of its values
 * over the page's one header index, not a hash map of its own: a million-record pull made a million of those, 25
 * entries each.
 */
public final class CsvPage {

    /** The bytes read from the stream at a time; a value longer than that widens the window. */
    static final int WINDOW = 1 << 16;

    private CsvPage() {
    }

    public static List<Map<String, Object>> parse(InputStream in) throws IOException {
        Cursor cursor = new Cursor(in);
        List<String> names = new ArrayList<>();
        if (!cursor.atEnd()) {
            cursor.row(names);
        }
        Header header = new Header(names);
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> values = new ArrayList<>(names.size());
        while (!cursor.atEnd()) {
            values.clear();
            cursor.row(values);
            Object[] row = new Object[header.names.length];
            for (int i = 0; i < row.length && i < values.size(); i++) {
                row[i] = values.get(i); // null for an empty value
            }
            records.add(new Record(header, row));
        }
        return records;
    }

    /** The page's field names, in order, and the position of each. */
    static final class Header {
        final String[] names;
        final Map<String, Integer> positions;

        Header(List<String> names) {
            this.names = names.stream().map(n -> n == null ? "" : n).toArray(String[]::new);
            this.positions = new HashMap<>(this.names.length * 4 / 3 + 1);
            for (int i = 0; i < this.names.length; i++) {
                positions.putIfAbsent(this.names[i], i);
            }
        }
    }

    /** One record: its values in the header's order; read-only. */
    static final class Record extends AbstractMap<String, Object> {
        final Header header;
        final Object[] values;

        Record(Header header, Object[] values) {
            this.header = header;
            this.values = values;
        }

        @Override
        public Object get(Object key) {
            Integer i = header.positions.get(key);
            return i == null ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return header.positions.containsKey(key);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= values.length) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(header.names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }

    /**
     * A position in the page, one row at a time, read from the stream into a window of {@value #WINDOW} bytes (larger
     * when one value is): the value being read is moved to the front of the window before more is read.
     */
    private static final class Cursor {
        private final InputStream in;
        private byte[] buf = new byte[WINDOW];
        private int pos;
        private int limit;
        private boolean eof;
        private int line = 1;

        Cursor(InputStream in) {
            this.in = in;
        }

        boolean atEnd() throws IOException {
            if (pos < limit) {
                return false;
            }
            fill(pos);
            return pos >= limit;
        }

        /**
         * Reads more of the stream once {@code pos} reached the end of the window, keeping the bytes from
         * {@code keepFrom} on; returns by how much they moved towards the front (subtract it from indexes into the
         * window). At the end of the stream nothing changes.
         */
        private int fill(int keepFrom) throws IOException {
            if (eof) {
                return 0;
            }
            int keep = limit - keepFrom;
            if (keepFrom > 0) {
                System.arraycopy(buf, keepFrom, buf, 0, keep);
            } else if (keep == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            pos -= keepFrom;
            limit = keep;
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
            return keepFrom;
        }

        /** Reads the values of one row into {@code out} (null for an empty one) and moves past its line break. */
        void row(List<String> out) throws IOException {
            while (true) {
                out.add(!atEnd() && buf[pos] == '"' ? quoted() : plain());
                if (atEnd()) {
                    return;
                }
                byte b = buf[pos];
                if (b == ',') {
                    pos++;
                    continue;
                }
                // a line break: LF or CRLF (a lone CR too)
                pos++;
                if (b == '\r' && !atEnd() && buf[pos] == '\n') {
                    pos++;
                }
                line++;
                return;
            }
        }

        private String plain() throws IOException {
            int start = pos;
            // the window and its end in locals: the loop reads them for every byte, and only fill() changes them
            byte[] b = buf;
            int p = pos;
            int end = limit;
            while (true) {
                if (p == end) {
                    pos = p;
                    start -= fill(start);
                    b = buf;
                    p = pos;
                    end = limit;
                    if (p == end) {
                        break;
                    }
                }
                byte c = b[p];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            pos = p;
            return text(start, p);
        }

        private String quoted() throws IOException {
            int startLine = line;
            int start = ++pos;
            StringBuilder escaped = null;
            while (true) {
                if (pos == limit) {
                    start -= fill(start);
                    if (pos == limit) {
                        throw new IOException("Bulk API results page: the value opened by a quote on line " + startLine
                                + " is never closed");
                    }
                }
                byte[] b = buf;
                int p = pos;
                int end = limit;
                while (p < end && b[p] != '"') { // as in plain(): the window in locals
                    if (b[p] == '\n') {
                        line++;
                    }
                    p++;
                }
                pos = p;
                if (p == end) {
                    continue; // the window ends inside the value: read more
                }
                int quote = pos++;
                if (pos == limit) {
                    int moved = fill(start);
                    start -= moved;
                    quote -= moved;
                }
                if (pos < limit && buf[pos] == '"') {
                    // "" inside a quoted value is one quote
                    if (escaped == null) {
                        escaped = new StringBuilder();
                    }
                    escaped.append(text(start, quote + 1));
                    start = ++pos;
                    continue;
                }
                if (pos < limit && buf[pos] != ',' && buf[pos] != '\n' && buf[pos] != '\r') {
                    while (limit - pos < 4 && !eof) {
                        int moved = fill(start);
                        start -= moved;
                        quote -= moved;
                    }
                    throw new IOException("Bulk API results page: line " + line + " has '"
                            + new String(buf, pos, Math.min(4, limit - pos), StandardCharsets.UTF_8).substring(0, 1)
                            + "' after a closing quote (expected a comma or a line break)");
                }
                if (escaped == null) {
                    return text(start, quote);
                }
                return escaped.append(quote > start ? text(start, quote) : "").toString();
            }
        }

        /** The bytes from {@code start} to {@code end} as text; null when there are none (Salesforce's null). */
        private String text(int start, int end) {
            return end == start ? null : new String(buf, start, end - start, StandardCharsets.UTF_8);
        }
    }
}
