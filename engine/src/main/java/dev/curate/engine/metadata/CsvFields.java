package dev.curate.engine.metadata;

/** RFC 4180 quoting of one CSV field, only when the field needs it. Stateless. */
final class CsvFields {

    private CsvFields() {
    }

    /**
     * Returns {@code field} as it goes in a CSV line: unchanged, or in double quotes with inner
     * quotes doubled when it holds a comma, a quote, a line break or leading/trailing spaces.
     */
    static String quote(String field) {
        boolean needs = !field.isEmpty() && (field.charAt(0) == ' '
                || field.charAt(field.length() - 1) == ' ');
        for (int i = 0; i < field.length() && !needs; i++) {
            char c = field.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
