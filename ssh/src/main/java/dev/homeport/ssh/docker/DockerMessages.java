package dev.homeport.ssh.docker;

/** Docker's own words in a docker-java error, for messages the user reads. */
public final class DockerMessages {
    private DockerMessages() {
    }

    /** Docker's own words: docker-java wraps them as {@code Status 500: {"message":"…"}}. */
    public static String of(RuntimeException e) {
        String text = String.valueOf(e.getMessage());
        int json = text.indexOf('{');
        if (json >= 0) {
            try {
                String message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text.substring(json)).path("message").asText("");
                if (!message.isBlank()) {
                    return message.strip();
                }
            } catch (java.io.IOException notJson) {
                // keep the text as it is
            }
        }
        return text.strip();
    }
}
