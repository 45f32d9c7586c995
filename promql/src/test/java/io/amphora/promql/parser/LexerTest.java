package io.amphora.promql.parser;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexerTest {
    private static List<String> lex(String input) {
        Lexer lexer = new Lexer(input);
        List<String> tokens = new ArrayList<>();
        while (true) {
            Token token = lexer.next();
            tokens.add(token.type() + (token.text().isEmpty() ? "" : " " + token.text()) + "@" + token.pos());
            if (token.type() == TokenType.EOF || token.type() == TokenType.ERROR) {
                return tokens;
            }
        }
    }

    @Test
    void splitsAnExpressionIntoTokensWithByteOffsets() {
        assertThat(lex("sum by (job) (rate(x{a=~\"é\"}[5m])) > 0.5"))
                .containsExactly("SUM sum@0", "BY by@4", "LEFT_PAREN (@7", "IDENTIFIER job@8", "RIGHT_PAREN )@11",
                        "LEFT_PAREN (@13", "IDENTIFIER rate@14", "LEFT_PAREN (@18", "IDENTIFIER x@19",
                        "LEFT_BRACE {@20", "IDENTIFIER a@21", "EQL_REGEX =~@22", "STRING \"é\"@24",
                        "RIGHT_BRACE }@28", "LEFT_BRACKET [@29", "DURATION 5m@30", "RIGHT_BRACKET ]@32",
                        "RIGHT_PAREN )@33", "RIGHT_PAREN )@34", "GTR >@36", "NUMBER 0.5@38", "EOF@41");
    }

    @Test
    void matchesKeywordsCaseInsensitivelyButKeepsTheirText() {
        assertThat(lex("SUM Without oFFset inf NaN")).containsExactly("SUM SUM@0", "WITHOUT Without@4",
                "OFFSET oFFset@12", "NUMBER inf@19", "NUMBER NaN@23", "EOF@26");
    }

    @Test
    void readsNamesWithColonsAsMetricIdentifiers() {
        assertThat(lex("job:rate:5m foo")).containsExactly("METRIC_IDENTIFIER job:rate:5m@0", "IDENTIFIER foo@12",
                "EOF@15");
    }

    @Test
    void treatsKeywordsInsideBracesAsLabelNames() {
        assertThat(lex("{by=\"1\", offset!~'x'}")).containsExactly("LEFT_BRACE {@0", "IDENTIFIER by@1", "EQL =@3",
                "STRING \"1\"@4", "COMMA ,@7", "IDENTIFIER offset@9", "NEQ_REGEX !~@15", "STRING 'x'@17",
                "RIGHT_BRACE }@20", "EOF@21");
    }

    @Test
    void makesFillAModifierOnlyBeforeAParenthesis() {
        assertThat(lex("fill + fill (1)")).containsExactly("IDENTIFIER fill@0", "ADD +@5", "FILL fill@7",
                "LEFT_PAREN (@12", "NUMBER 1@13", "RIGHT_PAREN )@14", "EOF@15");
    }

    @Test
    void recognisesOnlyDurationWordsInsideBrackets() {
        assertThat(lex("x[STEP() * 2:Max_Of(1m, range())]")).containsExactly("IDENTIFIER x@0", "LEFT_BRACKET [@1",
                "STEP STEP@2", "LEFT_PAREN (@6", "RIGHT_PAREN )@7", "MUL *@9", "NUMBER 2@11", "COLON :@12",
                "MAX_OF Max_Of@13", "LEFT_PAREN (@19", "DURATION 1m@20", "COMMA ,@22", "RANGE range@24",
                "LEFT_PAREN (@29", "RIGHT_PAREN )@30", "RIGHT_PAREN )@31", "RIGHT_BRACKET ]@32", "EOF@33");
    }

    @Test
    void readsNumbersAndDurations() {
        assertThat(lex("0x1F 1e-3 .5 1_000 1h30m 5ms 2.")).containsExactly("NUMBER 0x1F@0", "NUMBER 1e-3@5",
                "NUMBER .5@10", "NUMBER 1_000@13", "DURATION 1h30m@19", "DURATION 5ms@25", "NUMBER 2.@29", "EOF@31");
    }

    @Test
    void returnsCommentsAsTokens() {
        assertThat(lex("x # the rest\ny")).containsExactly("IDENTIFIER x@0", "COMMENT # the rest@2",
                "IDENTIFIER y@13", "EOF@14");
    }

    @Test
    void readsTheTrimOperators() {
        assertThat(lex("a </ b >/ c <= d")).containsExactly("IDENTIFIER a@0", "TRIM_UPPER </@2", "IDENTIFIER b@5",
                "TRIM_LOWER >/@7", "IDENTIFIER c@10", "LTE <=@12", "IDENTIFIER d@15", "EOF@16");
    }

    @Test
    void stopsAtTheFirstErrorAndThenOnlyReturnsEndOfInput() {
        Lexer lexer = new Lexer("x $ y");
        assertThat(lexer.next().type()).isEqualTo(TokenType.IDENTIFIER);
        Token error = lexer.next();
        assertThat(error.type()).isEqualTo(TokenType.ERROR);
        assertThat(error.text()).isEqualTo("unexpected character: '$'");
        assertThat(error.pos()).isEqualTo(2);
        assertThat(lexer.next().type()).isEqualTo(TokenType.EOF);
        assertThat(lexer.next().type()).isEqualTo(TokenType.EOF);
    }

    @Test
    void describesTokensAsPrometheusDoesInErrors() {
        assertThat(new Token(TokenType.BY, "BY", 0, 2).describe()).isEqualTo("<BY>");
        assertThat(new Token(TokenType.LAND, "and", 0, 3).describe()).isEqualTo("<op:and>");
        assertThat(new Token(TokenType.AT, "@", 0, 1).describe()).isEqualTo("<op:@>");
        assertThat(new Token(TokenType.COUNT, "count", 0, 5).describe()).isEqualTo("<aggr:count>");
        assertThat(new Token(TokenType.COMMA, ",", 0, 1).describe()).isEqualTo("\",\"");
        assertThat(new Token(TokenType.MAX_OF, "max_of", 0, 6).describe()).isEqualTo("\"max_of\"");
        assertThat(new Token(TokenType.IDENTIFIER, "a_very_long_name", 0, 16).describe())
                .isEqualTo("identifier \"a_very_long_name\"");
        assertThat(new Token(TokenType.STRING, "\"abcdefghijkl\"", 0, 14).describe())
                .isEqualTo("string \"\\\"abcdefghi\"...");
        assertThat(new Token(TokenType.EOF, "", 9, 9).describe()).isEqualTo("end of input");
    }
}
