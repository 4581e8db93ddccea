package dev.homeport.ssh.netdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns Netdata's v1 JSON answers into Homeport's records. */
final class NetdataJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetdataJson() {
    }

    static JsonNode parse(String what, String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NetdataException(what + " is not the JSON Netdata sends: " + e.getOriginalMessage(), e);
        }
    }

    static NetdataInfo info(JsonNode info) {
        String hostname = info.path("mirrored_hosts").path(0).asText("");
        return new NetdataInfo(info.path("version").asText(""), hostname, info.path("cores_total").asInt(0));
    }

    /** /api/v1/charts: an object {"charts": {id: chart, …}}. */
    static List<ChartInfo> charts(JsonNode charts) {
        List<ChartInfo> result = new ArrayList<>();
        charts.path("charts").properties().forEach(entry -> result.add(chart(entry.getValue())));
        return result;
    }

    /** One chart, as in /api/v1/chart or an entry of /api/v1/charts. */
    static ChartInfo chart(JsonNode chart) {
        String id = chart.path("id").asText();
        List<String> dimensions = new ArrayList<>();
        chart.path("dimensions").properties().forEach(d -> dimensions.add(d.getValue().path("name").asText(d.getKey())));
        Map<String, String> labels = new LinkedHashMap<>();
        chart.path("chart_labels").properties().forEach(l -> labels.put(l.getKey(), l.getValue().asText()));
        return new ChartInfo(id, chart.path("type").asText(typeOf(id)), chart.path("family").asText(""),
                chart.path("context").asText(""), cleanTitle(chart.path("title").asText(""), id, chart.path("name").asText(id)),
                chart.path("units").asText(""), chart.path("update_every").asInt(1), dimensions, labels);
    }

    /**
     * /api/v1/data with options seconds|jsonwrap: {"result": {"labels": ["time", dims…], "data": [[t, v…]…]}},
     * newest first, null for a gap. Only samples newer than {@code newerThan} are kept.
     */
    static ChartData data(ChartInfo chart, JsonNode answer, long newerThan) {
        JsonNode result = answer.path("result");
        List<String> dimensions = new ArrayList<>();
        JsonNode labels = result.path("labels");
        for (int i = 1; i < labels.size(); i++) {
            dimensions.add(labels.get(i).asText());
        }
        List<Sample> samples = new ArrayList<>();
        for (JsonNode row : result.path("data")) {
            long time = row.path(0).asLong();
            if (time <= newerThan) {
                continue;
            }
            double[] values = new double[dimensions.size()];
            for (int d = 0; d < values.length; d++) {
                JsonNode value = row.path(d + 1);
                values[d] = value.isNumber() ? value.asDouble() : Double.NaN;
            }
            samples.add(new Sample(time, values));
        }
        samples.sort(Comparator.comparingLong(Sample::epochSecond));
        return new ChartData(chart.id(), chart.title(), chart.units(), dimensions, samples);
    }

    static String typeOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    /** Netdata appends " (<chart name>)" to every title; the view shows the id elsewhere. */
    static String cleanTitle(String title, String id, String name) {
        for (String suffix : List.of(" (" + name + ")", " (" + id + ")")) {
            if (title.endsWith(suffix)) {
                return title.substring(0, title.length() - suffix.length());
            }
        }
        return title;
    }

    /** /api/v1/alarms: {"alarms": {key: alarm, …}}, only what is raised now (unless ?all was asked). */
    static List<Alarm> alarms(String node, JsonNode answer) {
        List<Alarm> result = new ArrayList<>();
        answer.path("alarms").properties().forEach(entry -> {
            JsonNode a = entry.getValue();
            String status = a.path("status").asText("");
            if (status.equals("WARNING") || status.equals("CRITICAL")) {
                result.add(new Alarm(node, entry.getKey(), a.path("name").asText(""), a.path("chart").asText(""), a.path("family").asText(""),
                        status, a.path("value_string").asText(""), java.time.Instant.ofEpochSecond(a.path("last_status_change").asLong(0)),
                        a.path("info").asText(""), a.path("silenced").asBoolean(false)));
            }
        });
        result.sort(Comparator.comparing(Alarm::critical).reversed().thenComparing(Alarm::since));
        return result;
    }

    /** /api/v1/alarm_log: an array of entries, newest first. */
    static List<AlarmEvent> alarmLog(String node, JsonNode answer) {
        List<AlarmEvent> result = new ArrayList<>();
        answer.forEach(e -> result.add(new AlarmEvent(node, e.path("unique_id").asLong(), java.time.Instant.ofEpochSecond(e.path("when").asLong(0)),
                e.path("name").asText(""), e.path("chart").asText(""), e.path("family").asText(""), e.path("status").asText(""),
                e.path("old_status").asText(""), e.path("value_string").asText(""), e.path("info").asText(""),
                e.path("exec_run").asLong(0) > 0 && !e.path("exec_failed").asBoolean(false) && e.path("exec_code").asInt(0) == 0)));
        result.sort(Comparator.comparingLong(AlarmEvent::id).reversed());
        return result;
    }
}
