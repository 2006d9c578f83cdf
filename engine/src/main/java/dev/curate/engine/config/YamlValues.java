package dev.curate.engine.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the values of one parsed YAML mapping, with errors that name the key and the
 * file. Not thread safe; one instance per parse.
 */
final class YamlValues {

    private final Map<String, Object> map;
    private final String source;

    YamlValues(Map<String, Object> map, String source) {
        this.map = map;
        this.source = source;
    }

    Integer optionalInt(String key) {
        Object v = map.get(key);
        return v == null ? null : toInt(v, key);
    }

    int positiveInt(String key, int fallback) {
        Integer v = optionalInt(key);
        if (v != null && v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + v + " in "
                    + source);
        }
        return v == null ? fallback : v;
    }

    long longValue(String key, long fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException(key + " must be an integer, got '" + v + "' in "
                + source);
    }

    String string(String key, String fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(key + " must be a single value, got " + v + " in "
                    + source);
        }
        return v.toString();
    }

    String oneOf(String key, String fallback, String... allowed) {
        String v = string(key, fallback);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException(key + " '" + v + "' in " + source
                    + " is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** Returns a list of integers, or null when the key is absent or null. */
    List<Integer> intList(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " must be a list with one integer per "
                    + "level, got '" + v + "' in " + source);
        }
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(toInt(list.get(i), key + "[" + i + "]"));
        }
        return out;
    }

    /** Returns a one-element list for a scalar, the list for a list, null when absent. */
    List<Integer> intOrIntList(String key) {
        Object v = map.get(key);
        if (v instanceof List) {
            return intList(key);
        }
        return v == null ? null : List.of(toInt(v, key));
    }

    private int toInt(Object v, String what) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        throw new IllegalArgumentException(what + " must be an integer of at most "
                + Integer.MAX_VALUE + ", got '" + v + "' in " + source);
    }
}
