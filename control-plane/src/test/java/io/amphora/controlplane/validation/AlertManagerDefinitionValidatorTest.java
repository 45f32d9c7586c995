package io.amphora.controlplane.validation;

import io.amphora.model.Matcher;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertManagerDefinitionValidatorTest {
    private final AlertManagerDefinitionValidator validator = new AlertManagerDefinitionValidator();

    @Test
    void acceptsADefinitionUsingEveryPartOfTheFormat() {
        assertValid("""
                template_files:
                  default_template: |
                    {{ define "sns.default.message" }}{{ .CommonAnnotations.summary }}{{ end }}
                alertmanager_config: |
                  global:
                    resolve_timeout: 5m
                  templates:
                    - 'default_template'
                  route:
                    receiver: default
                    group_by: [alertname, cluster]
                    group_wait: 30s
                    group_interval: 5m
                    repeat_interval: 4h
                    routes:
                      - receiver: pager
                        matchers:
                          - severity="critical"
                          - '{team=~"db|web", env!="dev"}'
                        continue: true
                        mute_time_intervals: [weekends]
                      - receiver: hooks
                        match:
                          service: api
                        match_re:
                          instance: "api-[0-9]+"
                        group_by: ['...']
                        active_time_intervals: [office-hours]
                  receivers:
                    - name: default
                      sns_configs:
                        - topic_arn: arn:aws:sns:us-east-1:123456789012:alerts
                          sigv4:
                            region: us-east-1
                          attributes:
                            key: value
                    - name: pager
                      sns_configs:
                        - topic_arn: arn:aws:sns:us-east-1:123456789012:pager
                          send_resolved: true
                    - name: hooks
                      webhook_configs:
                        - url: https://hooks.example.com/alert
                          max_alerts: 10
                          timeout: 10s
                  inhibit_rules:
                    - source_matchers: [severity="critical"]
                      target_matchers: [severity="warning"]
                      equal: [alertname]
                  time_intervals:
                    - name: weekends
                      time_intervals:
                        - weekdays: [saturday, sunday]
                    - name: office-hours
                      time_intervals:
                        - times:
                            - start_time: "09:00"
                              end_time: "17:30"
                          weekdays: ['monday:friday']
                          days_of_month: ['1:-1']
                          months: ['january:june', '12']
                          years: ['2024:2030']
                          location: Europe/Paris
                """);
    }

    @Test
    void requiresTheAlertmanagerConfigAsAString() {
        assertProblems("template_files: {}\n", "alertmanager_config is required: the Alertmanager configuration, "
                + "with at least a route and its receiver");
        assertProblems("""
                alertmanager_config:
                  route:
                    receiver: default
                """, "line 2: alertmanager_config must be a string holding the Alertmanager configuration; "
                + "write it as a block: alertmanager_config: |");
        assertProblems("", "the definition is empty: it needs alertmanager_config, the Alertmanager configuration "
                + "as a string (alertmanager_config: |)");
    }

    @Test
    void refusesUnknownFieldsOfTheDefinitionAndOfTheConfiguration() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: default
                    recever: typo
                  receivers:
                    - name: default
                templates_files: {}
                """, "line 7: field templates_files not found in type the alert manager definition (fields: "
                + "alertmanager_config, template_files)");
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: default
                    recever: typo
                  receivers:
                    - name: default
                """, "alertmanager_config: line 3: field recever not found in type route");
    }

    @Test
    void requiresARootRouteWithAReceiverThatExists() {
        assertProblems("""
                alertmanager_config: |
                  receivers:
                    - name: default
                """, "alertmanager_config: no routes provided");
        assertProblems("""
                alertmanager_config: |
                  route:
                    group_by: [alertname]
                    matchers: [a="b"]
                    mute_time_intervals: [never]
                  receivers:
                    - name: default
                  time_intervals:
                    - name: never
                """,
                "alertmanager_config: line 2: root route must specify a default receiver",
                "alertmanager_config: line 2: root route must not have any matchers",
                "alertmanager_config: line 2: root route must not have any mute time intervals");
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: default
                    routes:
                      - receiver: missing
                        active_time_intervals: [undefined]
                  receivers:
                    - name: default
                """,
                "alertmanager_config: line 4: undefined receiver \"missing\" used in route",
                "alertmanager_config: line 4: undefined time interval \"undefined\" used in route");
    }

    @Test
    void requiresReceiverNamesThatArePresentAndUnique() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: a
                  receivers:
                    - name: a
                    - name: a
                    - sns_configs: []
                """,
                "alertmanager_config: line 5: notification config name \"a\" is not unique",
                "alertmanager_config: line 6: missing name in receiver");
    }

    @Test
    void checksDurationsGroupByAndIntervalsOfRoutes() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: a
                    group_wait: soon
                    group_interval: 0s
                    repeat_interval: 0
                    routes:
                      - group_by: [a, a, 'bad-label']
                      - group_by: ['...', job]
                  receivers:
                    - name: a
                """,
                "alertmanager_config: line 3: not a valid duration string: \"soon\"",
                "alertmanager_config: line 4: group_interval cannot be zero",
                "alertmanager_config: line 5: repeat_interval cannot be zero",
                "alertmanager_config: line 7: duplicated label \"a\" in group_by",
                "alertmanager_config: line 7: invalid label name \"bad-label\" in group_by list",
                "alertmanager_config: line 8: cannot have wildcard group_by (`...`) and other labels at the same time");
    }

    @Test
    void checksMatchersRegularExpressionsAndLabelNames() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: a
                    routes:
                      - matchers: ['severity=~"("']
                      - matchers: ['team="unterminated']
                      - match_re:
                          job: "(?<=x)y"
                      - match:
                          'bad-name': x
                  receivers:
                    - name: a
                  inhibit_rules:
                    - source_matchers: ['=x']
                      equal: ['not a label']
                """,
                "alertmanager_config: line 4: bad matcher format: severity=~\"(\": invalid regular expression \"(\": "
                        + regexError("("),
                "alertmanager_config: line 5: bad matcher format: team=\"unterminated: unterminated quoted string "
                        + "starting at position 5",
                "alertmanager_config: line 7: invalid regular expression for \"job\" in match_re: "
                        + regexError("(?<=x)y"),
                "alertmanager_config: line 9: invalid label name \"bad-name\"",
                "alertmanager_config: line 13: bad matcher format: =x: expected a label name at position 0",
                "alertmanager_config: line 14: invalid label name \"not a label\" in equal list");
    }

    @Test
    void acceptsOnlyTheIntegrationsAmphoraDeliversToAndChecksThem() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: a
                  receivers:
                    - name: a
                      slack_configs:
                        - channel: '#alerts'
                      sns_configs:
                        - subject: no target
                        - topic_arn: arn:aws:sns:us-east-1:123456789012:t
                          phone_number: '+15555550100'
                      webhook_configs:
                        - send_resolved: true
                        - url: ftp://example.com/hook
                        - url: http://example.com/hook
                          url_file: /etc/hook
                """,
                "alertmanager_config: line 6: receiver \"a\": slack_configs are not supported; Amphora delivers "
                        + "notifications through sns_configs and webhook_configs",
                "alertmanager_config: line 8: must provide either a Target ARN, Topic ARN, or Phone Number for SNS "
                        + "config",
                "alertmanager_config: line 9: must provide either a Target ARN, Topic ARN, or Phone Number for SNS "
                        + "config",
                "alertmanager_config: line 12: one of url or url_file must be configured",
                "alertmanager_config: line 13: unsupported scheme \"ftp\" for URL",
                "alertmanager_config: line 14: at most one of url & url_file must be configured");
    }

    @Test
    void checksTimeIntervals() {
        assertProblems("""
                alertmanager_config: |
                  route:
                    receiver: a
                  receivers:
                    - name: a
                  time_intervals:
                    - name: t
                      time_intervals:
                        - times:
                            - start_time: "17:00"
                              end_time: "09:00"
                            - start_time: "9am"
                              end_time: "25:00"
                          weekdays: [funday, 'friday:monday']
                          days_of_month: ['0', '-1:5']
                          months: ['13']
                          location: Mars/Olympus
                    - name: t
                    - time_intervals: []
                """,
                "alertmanager_config: line 9: start time cannot be equal or greater than end time",
                "alertmanager_config: line 11: couldn't parse timestamp 9am, invalid format",
                "alertmanager_config: line 11: timestamp 25:00 out of range",
                "alertmanager_config: line 13: funday is not a valid weekday",
                "alertmanager_config: line 13: start weekday cannot be after end weekday in friday:monday",
                "alertmanager_config: line 14: 0 is not a valid day of the month: out of range",
                "alertmanager_config: line 14: invalid day of the month range -1:5: a negative start needs a "
                        + "negative end",
                "alertmanager_config: line 15: 13 is not a valid month: out of range",
                "alertmanager_config: line 16: unknown time zone Mars/Olympus",
                "alertmanager_config: line 17: time interval \"t\" is not unique",
                "alertmanager_config: line 18: missing name in time interval");
    }

    @Test
    void stopsOnRoutesThatAliasesMakeTheirOwnDescendants() {
        assertThatThrownBy(() -> validator.validate(bytes("""
                alertmanager_config: |
                  route: &root
                    receiver: a
                    routes: [*root]
                  receivers:
                    - name: a
                """))).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("routes nest deeper than 100 levels");
    }

    @Test
    void reportsYamlSyntaxErrorsOfTheEmbeddedConfiguration() {
        assertThatThrownBy(() -> validator.validate(bytes("""
                alertmanager_config: |
                  route:
                    receiver: [a
                """))).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("alertmanager_config: yaml: line ");
    }

    private static String regexError(String regex) {
        try {
            Matcher.regex("x", regex);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError(regex + " compiles");
    }

    private void assertValid(String yaml) {
        assertThatCode(() -> validator.validate(bytes(yaml))).doesNotThrowAnyException();
    }

    private void assertProblems(String yaml, String... problems) {
        assertThatThrownBy(() -> validator.validate(bytes(yaml)))
                .isInstanceOfSatisfying(InvalidDefinitionException.class,
                        e -> assertThat(e.problems()).containsExactly(problems));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
