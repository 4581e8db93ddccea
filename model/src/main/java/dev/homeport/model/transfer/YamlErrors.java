package dev.homeport.model.transfer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Turns Jackson's parse errors into "line 12, column 7: organisations/0/port: expected a number". */
final class YamlErrors {
    private YamlErrors() {
    }

    static TransferException describe(JsonProcessingException e, String yaml) {
        List<Object> path = path(e);
        StringBuilder message = new StringBuilder("The file is not a valid Homeport export: ");
        // Jackson's own position often lies past the bad value (it buffers a record's fields),
        // so the node the path leads to is preferred.
        String where = locate(yaml, path);
        if (where == null) {
            where = lineAndColumn(e.getLocation());
        }
        if (where != null) {
            message.append(where).append(": ");
        }
        if (!path.isEmpty()) {
            message.append(path.stream().map(Object::toString).collect(Collectors.joining("/"))).append(": ");
        }
        message.append(reason(e));
        return new TransferException(message.toString(), e);
    }

    /** The field names and list indexes leading to the error; for an unknown key, ending with that key. */
    private static List<Object> path(JsonProcessingException e) {
        List<Object> path = new ArrayList<>();
        if (e instanceof JsonMappingException mapping) {
            mapping.getPath().forEach(ref -> path.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex()));
        }
        if (e instanceof UnrecognizedPropertyException unknown && (path.isEmpty() || !unknown.getPropertyName().equals(path.getLast()))) {
            path.add(unknown.getPropertyName());
        }
        return path;
    }

    private static String lineAndColumn(JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return null;
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Walks the YAML's node tree along the path and gives the position of the node it ends at. */
    static String locate(String yaml, List<Object> path) {
        if (path.isEmpty()) {
            return null;
        }
        try {
            Node node = new org.yaml.snakeyaml.Yaml(new LoaderOptions()).compose(new StringReader(yaml));
            Node found = null;
            for (Object step : path) {
                found = null;
                if (node instanceof MappingNode mapping && step instanceof String key) {
                    for (NodeTuple tuple : mapping.getValue()) {
                        if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                            found = tuple.getKeyNode();
                            node = tuple.getValueNode();
                        }
                    }
                } else if (node instanceof SequenceNode sequence && step instanceof Integer index && index < sequence.getValue().size()) {
                    node = sequence.getValue().get(index);
                    found = node;
                }
                if (found == null) {
                    return null;
                }
            }
            return "line " + (found.getStartMark().getLine() + 1) + ", column " + (found.getStartMark().getColumn() + 1);
        } catch (RuntimeException unparseable) {
            return null;
        }
    }

    private static String reason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown key '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : "; expected one of: " + known);
        }
        if (e instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + typeName(mismatch.getTargetType());
        }
        String original = e.getOriginalMessage();
        int newline = original.indexOf('\n');
        return newline > 0 ? original.substring(0, newline) : original;
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section with keys";
    }
}
