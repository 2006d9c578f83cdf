package dev.curate.engine.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dictionary literal of a {@code .npy} header, such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. Values are strings,
 * booleans, integer tuples (returned as {@code long[]}) or lists (returned as a {@code List},
 * which marks a structured dtype). Not thread safe; one instance per header.
 */
final class NpyDictParser {

    private final String text;
    private final Path file;
    private int pos;

    private NpyDictParser(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** Parses {@code text}; errors name {@code file}. */
    static Map<String, Object> parse(String text, Path file) {
        NpyDictParser parser = new NpyDictParser(text, file);
        return parser.dictionary();
    }

    private Map<String, Object> dictionary() {
        Map<String, Object> out = new LinkedHashMap<>();
        expect('{');
        while (peek() != '}') {
            Object key = value();
            if (!(key instanceof String)) {
                throw error("a quoted key");
            }
            expect(':');
            out.put((String) key, value());
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
        return out;
    }

    private Object value() {
        char c = peek();
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        if (c == '(') {
            return tuple();
        }
        if (c == '[') {
            return list();
        }
        if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (Character.isDigit(c)) {
            return integer();
        }
        throw error("a string, True, False, a tuple or a number");
    }

    private String quoted(char quote) {
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error("a closing quote");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private long[] tuple() {
        expect('(');
        List<Long> items = new ArrayList<>();
        while (peek() != ')') {
            if (!Character.isDigit(peek())) {
                throw error("a non-negative integer in the shape");
            }
            items.add(integer());
            if (peek() == ',') {
                pos++;
            } else if (peek() != ')') {
                throw error("',' or ')'");
            }
        }
        pos++;
        return items.stream().mapToLong(Long::longValue).toArray();
    }

    private List<Object> list() {
        expect('[');
        List<Object> items = new ArrayList<>();
        while (peek() != ']') {
            items.add(value());
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw error("',' or ']'");
            }
        }
        pos++;
        return items;
    }

    private long integer() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        if (pos < text.length() && text.charAt(pos) == 'L') {
            pos++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("an integer below 2^63, not " + digits);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    /** Skips blanks and returns the next character, or 0 at the end. */
    private char peek() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException(file + ": malformed .npy header " + text.strip()
                + ": expected " + expected + " at character " + pos);
    }
}
