package io.amphora.promql.parser;

import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.ast.PositionRange;

import static java.util.Objects.requireNonNull;

/**
 * A lexed token.
 *
 * @param text the source text; for {@link TokenType#ERROR} the error message
 * @param pos UTF-8 byte offset of the first character
 * @param end UTF-8 byte offset just past the last character
 */
record Token(TokenType type, String text, int pos, int end) {
    Token {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
    }

    PositionRange range() {
        return new PositionRange(pos, end);
    }

    /** How Prometheus names this token after "unexpected " in syntax errors. */
    String describe() {
        return switch (type.category()) {
            case SPECIAL -> type == TokenType.EOF ? "end of input" : text;
            case KEYWORD -> "<" + text + ">";
            case OPERATOR -> "<op:" + text + ">";
            case AGGREGATOR -> "<aggr:" + text + ">";
            case PUNCTUATION, PREPROCESSOR -> quotedText();
            case VALUE -> type.text() + " " + quotedText();
        };
    }

    /** Go's rendering of an item: identifiers quoted in full, other text cut to ten characters. */
    private String quotedText() {
        if (type == TokenType.IDENTIFIER || type == TokenType.METRIC_IDENTIFIER) {
            return GoStrings.quote(text);
        }
        if (GoStrings.utf8Length(text) > 10) {
            int cut = text.offsetByCodePoints(0, Math.min(10, text.codePointCount(0, text.length())));
            return GoStrings.quote(text.substring(0, cut)) + "...";
        }
        return GoStrings.quote(text);
    }
}
