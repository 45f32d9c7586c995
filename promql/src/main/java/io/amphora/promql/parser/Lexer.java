package io.amphora.promql.parser;

import io.amphora.promql.ast.GoStrings;

import java.util.Locale;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Splits a query into tokens the way Prometheus's lexer does, including its error messages and error positions,
 * which are part of the observable behaviour of the parser. It has three modes: ordinary expressions, the inside
 * of {@code {...}} (where keywords are plain label names) and the inside of {@code [...]} (duration expressions,
 * where only {@code step}, {@code range}, {@code min_of} and {@code max_of} are words).
 *
 * <p>Positions are UTF-8 byte offsets. After the end of input or an error every call returns {@link TokenType#EOF}.
 * Not thread-safe; one instance per parse.
 */
final class Lexer {
    private static final int EOF = -1;
    private static final String DIGITS = "0123456789";
    private static final String HEX_DIGITS = "0123456789abcdefABCDEF";

    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            entry("and", TokenType.LAND), entry("or", TokenType.LOR), entry("unless", TokenType.LUNLESS),
            entry("atan2", TokenType.ATAN2),
            entry("sum", TokenType.SUM), entry("avg", TokenType.AVG), entry("count", TokenType.COUNT),
            entry("min", TokenType.MIN), entry("max", TokenType.MAX), entry("group", TokenType.GROUP),
            entry("stddev", TokenType.STDDEV), entry("stdvar", TokenType.STDVAR), entry("topk", TokenType.TOPK),
            entry("bottomk", TokenType.BOTTOMK), entry("count_values", TokenType.COUNT_VALUES),
            entry("quantile", TokenType.QUANTILE), entry("limitk", TokenType.LIMITK),
            entry("limit_ratio", TokenType.LIMIT_RATIO),
            entry("offset", TokenType.OFFSET), entry("smoothed", TokenType.SMOOTHED),
            entry("anchored", TokenType.ANCHORED), entry("by", TokenType.BY), entry("without", TokenType.WITHOUT),
            entry("on", TokenType.ON), entry("ignoring", TokenType.IGNORING),
            entry("group_left", TokenType.GROUP_LEFT), entry("group_right", TokenType.GROUP_RIGHT),
            entry("fill", TokenType.FILL), entry("fill_left", TokenType.FILL_LEFT),
            entry("fill_right", TokenType.FILL_RIGHT), entry("bool", TokenType.BOOL),
            entry("start", TokenType.START), entry("end", TokenType.END), entry("step", TokenType.STEP),
            entry("range", TokenType.RANGE), entry("max_of", TokenType.MAX_OF), entry("min_of", TokenType.MIN_OF),
            entry("inf", TokenType.NUMBER), entry("nan", TokenType.NUMBER));

    private static final Map<String, TokenType> DURATION_KEYWORDS = Map.of(
            "step", TokenType.STEP, "range", TokenType.RANGE, "max_of", TokenType.MAX_OF, "min_of", TokenType.MIN_OF);

    private enum Mode { EXPRESSION, DURATION }

    private final String input;
    private int index;
    private int bytePos;
    private int startIndex;
    private int startByte;
    private int lastChars;
    private int lastBytes;

    private Mode mode = Mode.EXPRESSION;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean gotDuration;
    private int stringQuote;
    private boolean finished;

    Lexer(String input) {
        this.input = input;
    }

    /** The next token; comments are returned as {@link TokenType#COMMENT} tokens. */
    Token next() {
        if (finished) {
            return new Token(TokenType.EOF, "", startByte, startByte);
        }
        while (true) {
            Token token = braceOpen ? lexInsideBraces() : mode == Mode.DURATION ? lexDurationExpr() : lexExpression();
            if (token != null) {
                if (token.type() == TokenType.EOF || token.type() == TokenType.ERROR) {
                    finished = true;
                }
                return token;
            }
        }
    }

    private Token lexExpression() {
        if (input.startsWith("#", index)) {
            return lexComment();
        }
        int r = read();
        switch (r) {
            case EOF -> {
                if (parenDepth != 0) {
                    return error("unclosed left parenthesis");
                }
                if (bracketOpen) {
                    return error("unclosed left bracket");
                }
                return emit(TokenType.EOF);
            }
            case ',' -> {
                return emit(TokenType.COMMA);
            }
            case '*' -> {
                return emit(TokenType.MUL);
            }
            case '/' -> {
                return emit(TokenType.DIV);
            }
            case '%' -> {
                return emit(TokenType.MOD);
            }
            case '+' -> {
                return emit(TokenType.ADD);
            }
            case '-' -> {
                return emit(TokenType.SUB);
            }
            case '^' -> {
                return emit(TokenType.POW);
            }
            case '=' -> {
                int t = peek();
                if (t == '=') {
                    read();
                    return emit(TokenType.EQLC);
                }
                if (t == '~') {
                    return error("unexpected character after '=': " + GoStrings.quoteRune(t));
                }
                return emit(TokenType.EQL);
            }
            case '!' -> {
                int t = read();
                if (t != '=') {
                    return error("unexpected character after '!': " + GoStrings.quoteRune(t));
                }
                return emit(TokenType.NEQ);
            }
            case '<' -> {
                if (accept("=")) {
                    return emit(TokenType.LTE);
                }
                if (accept("/")) {
                    return emit(TokenType.TRIM_UPPER);
                }
                return emit(TokenType.LSS);
            }
            case '>' -> {
                if (accept("=")) {
                    return emit(TokenType.GTE);
                }
                if (accept("/")) {
                    return emit(TokenType.TRIM_LOWER);
                }
                return emit(TokenType.GTR);
            }
            case '"', '\'' -> {
                return lexString(r);
            }
            case '`' -> {
                return lexRawString();
            }
            case '(' -> {
                parenDepth++;
                return emit(TokenType.LEFT_PAREN);
            }
            case ')' -> {
                Token token = emit(TokenType.RIGHT_PAREN);
                if (--parenDepth < 0) {
                    return error("unexpected right parenthesis " + GoStrings.quoteRune(r));
                }
                return token;
            }
            case '{' -> {
                braceOpen = true;
                return emit(TokenType.LEFT_BRACE);
            }
            case '[' -> {
                if (bracketOpen) {
                    return error("unexpected left bracket " + GoStrings.quoteRune(r));
                }
                gotColon = false;
                Token token = emit(TokenType.LEFT_BRACKET);
                skipSpaces();
                bracketOpen = true;
                mode = Mode.DURATION;
                return token;
            }
            case ']' -> {
                if (!bracketOpen) {
                    return error("unexpected right bracket " + GoStrings.quoteRune(r));
                }
                bracketOpen = false;
                return emit(TokenType.RIGHT_BRACKET);
            }
            case '@' -> {
                return emit(TokenType.AT);
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                    return null;
                }
                if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    unread();
                    return lexNumberOrDuration();
                }
                if (isAlpha(r) || r == ':') {
                    if (!bracketOpen) {
                        unread();
                        return lexKeywordOrIdentifier();
                    }
                    if (r == ':') {
                        if (gotColon) {
                            return error("unexpected colon " + GoStrings.quoteRune(r));
                        }
                        gotColon = true;
                        return emit(TokenType.COLON);
                    }
                    if (isDurationKeywordStart(r)) {
                        Token keyword = scanDurationKeyword();
                        if (keyword != null) {
                            return keyword;
                        }
                    }
                    return error("unexpected character: " + GoStrings.quoteRune(r) + ", expected "
                            + GoStrings.quoteRune(':'));
                }
                return error("unexpected character: " + GoStrings.quoteRune(r));
            }
        }
    }

    /** Right after {@code [}, and after {@code (} or {@code :} until the first number: the start of a duration. */
    private Token lexDurationExpr() {
        int r = read();
        switch (r) {
            case EOF -> {
                return error("unexpected end of input in duration expression");
            }
            case ']' -> {
                bracketOpen = false;
                gotColon = false;
                mode = Mode.EXPRESSION;
                return emit(TokenType.RIGHT_BRACKET);
            }
            case ':' -> {
                // Prometheus reports these two after having consumed the colon, so they point past it.
                Token colon = emit(TokenType.COLON);
                if (!gotDuration) {
                    return error("unexpected colon before duration in duration expression");
                }
                if (gotColon) {
                    return error("unexpected repeated colon in duration expression");
                }
                gotColon = true;
                return colon;
            }
            case '(' -> {
                parenDepth++;
                return emit(TokenType.LEFT_PAREN);
            }
            case ')' -> {
                Token token = emit(TokenType.RIGHT_PAREN);
                if (--parenDepth < 0) {
                    return error("unexpected right parenthesis " + GoStrings.quoteRune(r));
                }
                return token;
            }
            case '+' -> {
                return emit(TokenType.ADD);
            }
            case '-' -> {
                return emit(TokenType.SUB);
            }
            case '*' -> {
                return emit(TokenType.MUL);
            }
            case '/' -> {
                return emit(TokenType.DIV);
            }
            case '%' -> {
                return emit(TokenType.MOD);
            }
            case '^' -> {
                return emit(TokenType.POW);
            }
            case ',' -> {
                return emit(TokenType.COMMA);
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                    return null;
                }
                if (isDurationKeywordStart(r)) {
                    Token keyword = scanDurationKeyword();
                    if (keyword != null) {
                        return keyword;
                    }
                    return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
                }
                if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    unread();
                    gotDuration = true;
                    return lexNumberOrDuration();
                }
                return error("unexpected character in duration expression: " + GoStrings.quoteRune(r));
            }
        }
    }

    /** Inside {@code {...}}: label names, strings, matcher operators; keywords are ordinary names here. */
    private Token lexInsideBraces() {
        if (input.startsWith("#", index)) {
            return lexComment();
        }
        int r = read();
        switch (r) {
            case EOF -> {
                return error("unexpected end of input inside braces");
            }
            case ',' -> {
                return emit(TokenType.COMMA);
            }
            case '"', '\'' -> {
                return lexString(r);
            }
            case '`' -> {
                return lexRawString();
            }
            case '=' -> {
                if (read() == '~') {
                    return emit(TokenType.EQL_REGEX);
                }
                unread();
                return emit(TokenType.EQL);
            }
            case '!' -> {
                int next = read();
                if (next == '~') {
                    return emit(TokenType.NEQ_REGEX);
                }
                if (next == '=') {
                    return emit(TokenType.NEQ);
                }
                return error("unexpected character after '!' inside braces: " + GoStrings.quoteRune(next));
            }
            case '{' -> {
                return error("unexpected left brace " + GoStrings.quoteRune(r));
            }
            case '}' -> {
                braceOpen = false;
                return emit(TokenType.RIGHT_BRACE);
            }
            default -> {
                if (isSpace(r)) {
                    skipSpaces();
                    return null;
                }
                if (isAlpha(r)) {
                    while (isAlphaNumeric(read())) {
                        // absorb the name
                    }
                    unread();
                    return emit(TokenType.IDENTIFIER);
                }
                return error("unexpected character inside braces: " + GoStrings.quoteRune(r));
            }
        }
    }

    private Token lexComment() {
        index++;
        bytePos++;
        int r = read();
        while (r != '\r' && r != '\n' && r != EOF) {
            r = read();
        }
        unread();
        return emit(TokenType.COMMENT);
    }

    private Token lexKeywordOrIdentifier() {
        int r = read();
        while (isAlphaNumeric(r) || r == ':') {
            r = read();
        }
        unread();
        String word = input.substring(startIndex, index);
        TokenType keyword = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
        if (keyword != null) {
            // fill, fill_left and fill_right are modifiers only right before "(", so that metrics may keep those names.
            boolean fill = keyword == TokenType.FILL || keyword == TokenType.FILL_LEFT || keyword == TokenType.FILL_RIGHT;
            return emit(fill && !followedByLeftParen() ? TokenType.IDENTIFIER : keyword);
        }
        return emit(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
    }

    private boolean followedByLeftParen() {
        for (int i = index; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!isSpace(c)) {
                return c == '(';
            }
        }
        return false;
    }

    private Token scanDurationKeyword() {
        while (isAlpha(read())) {
            // absorb the word
        }
        unread();
        TokenType keyword = DURATION_KEYWORDS.get(input.substring(startIndex, index).toLowerCase(Locale.ROOT));
        return keyword == null ? null : emit(keyword);
    }

    private Token lexNumberOrDuration() {
        mode = Mode.EXPRESSION;
        if (scanNumber()) {
            return emit(TokenType.NUMBER);
        }
        if (acceptRemainingDuration()) {
            unread();
            return emit(TokenType.DURATION);
        }
        return error("bad number or duration syntax: " + GoStrings.quote(input.substring(startIndex, index)));
    }

    /**
     * Consumes what may be a number; false when it is not one (the caller then tries a duration from where this
     * stopped). Follows Prometheus exactly, including what it consumes before giving up, because that is the text
     * of the error message.
     */
    private boolean scanNumber() {
        int initial = index;
        String digits = DIGITS;
        if (accept("0") && accept("xX")) {
            accept("_");
            digits = HEX_DIGITS;
        }
        accept(".");
        accept(digits);
        boolean dotConsumed = false;
        boolean exponentConsumed = false;
        while (is(digits + "._eE")) {
            if (is(".") && dotConsumed) {
                accept(".");
                return false;
            }
            if (is("eE") && exponentConsumed) {
                accept("eE");
                return false;
            }
            if (accept(".")) {
                dotConsumed = true;
                if (accept("_.")) {
                    return false;
                }
                if (digits == HEX_DIGITS) {
                    return false;
                }
                continue;
            }
            if (accept("eE")) {
                exponentConsumed = true;
                accept("+-");
                if (accept("._eE") || peek() == EOF) {
                    return false;
                }
                continue;
            }
            if (accept("_")) {
                if (accept("._eE") || peek() == EOF) {
                    return false;
                }
                continue;
            }
            acceptRun(digits);
        }
        if (index == initial) {
            return false;
        }
        return !isAlphaNumeric(peek());
    }

    /** After the digits of a duration: units, then optionally more digit-unit pairs; must not run into a word. */
    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept(DIGITS)) {
            acceptRun(DIGITS);
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return !isAlphaNumeric(read());
    }

    private Token lexString(int quote) {
        stringQuote = quote;
        while (true) {
            int r = read();
            if (r == '\\') {
                String escapeError = lexEscape();
                if (escapeError != null) {
                    return error(escapeError);
                }
                continue;
            }
            if (isRuneError(r)) {
                return error("invalid UTF-8 rune");
            }
            if (r == EOF || r == '\n') {
                return error("unterminated quoted string");
            }
            if (r == stringQuote) {
                return emit(TokenType.STRING);
            }
        }
    }

    /** Validates one escape sequence after the backslash; returns the error message, or null. */
    private String lexEscape() {
        int ch = read();
        int n;
        int base;
        int max;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return null;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                ch = read();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                ch = read();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                ch = read();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case EOF -> {
                return "escape sequence not terminated";
            }
            default -> {
                if (ch == stringQuote) {
                    return null;
                }
                return "unknown escape sequence " + GoStrings.describeRune(ch);
            }
        }
        long x = 0;
        while (n > 0) {
            int d = digitValue(ch);
            if (d >= base) {
                if (ch == EOF) {
                    return "escape sequence not terminated";
                }
                return "illegal character " + GoStrings.describeRune(ch) + " in escape sequence";
            }
            x = x * base + d;
            n--;
            if (n > 0) {
                ch = read();
            }
        }
        if (x > max || (x >= 0xD800 && x < 0xE000)) {
            return "escape sequence is an invalid Unicode code point";
        }
        return null;
    }

    private Token lexRawString() {
        while (true) {
            int r = read();
            if (isRuneError(r)) {
                return error("invalid UTF-8 rune");
            }
            if (r == EOF) {
                return error("unterminated raw string");
            }
            if (r == '`') {
                return emit(TokenType.STRING);
            }
        }
    }

    private int read() {
        if (index >= input.length()) {
            lastChars = 0;
            lastBytes = 0;
            return EOF;
        }
        int cp = input.codePointAt(index);
        lastChars = Character.charCount(cp);
        lastBytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        index += lastChars;
        bytePos += lastBytes;
        return cp;
    }

    /** Steps back over the last rune read; only once per {@link #read()}. */
    private void unread() {
        index -= lastChars;
        bytePos -= lastBytes;
    }

    private int peek() {
        int r = read();
        unread();
        return r;
    }

    private boolean accept(String valid) {
        int r = read();
        if (r != EOF && valid.indexOf(r) >= 0) {
            return true;
        }
        unread();
        return false;
    }

    private boolean is(String valid) {
        int r = peek();
        return r != EOF && valid.indexOf(r) >= 0;
    }

    private void acceptRun(String valid) {
        int r = read();
        while (r != EOF && valid.indexOf(r) >= 0) {
            r = read();
        }
        unread();
    }

    private void skipSpaces() {
        while (isSpace(peek())) {
            read();
        }
        startIndex = index;
        startByte = bytePos;
    }

    private Token emit(TokenType type) {
        Token token = new Token(type, input.substring(startIndex, index), startByte, bytePos);
        startIndex = index;
        startByte = bytePos;
        return token;
    }

    private Token error(String message) {
        return new Token(TokenType.ERROR, message, startByte, startByte);
    }

    private static boolean isDurationKeywordStart(int r) {
        int lower = Character.toLowerCase(r);
        return lower == 's' || lower == 'r' || lower == 'm';
    }

    /** What Go's UTF-8 decoding reports as RuneError: U+FFFD itself and, in a Java string, lone surrogates. */
    private static boolean isRuneError(int r) {
        return r == 0xFFFD || (r >= Character.MIN_SURROGATE && r <= Character.MAX_SURROGATE);
    }

    private static int digitValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return 16;
    }

    static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\n' || r == '\r';
    }

    private static boolean isAlpha(int r) {
        return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    }

    private static boolean isDigit(int r) {
        return r >= '0' && r <= '9';
    }

    private static boolean isAlphaNumeric(int r) {
        return isAlpha(r) || isDigit(r);
    }
}
