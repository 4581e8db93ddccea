package dev.homeport.model;

import dev.homeport.model.vault.Secret;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A way Netdata on a node sends its alarms, written to the node's {@code health_alarm_notify.conf} by
 * Homeport's alarm file on each node. Webhook addresses and tokens are secrets: they reach the node only inside that
 * file (mode 0640, root:netdata), sent on standard input.
 */
public sealed interface NotifyMethod {
    /** A short name for lists and messages ("email", "slack"…). */
    String kind();

    /** Email through the node's own {@code sendmail} (an MTA such as exim or msmtp-mta must be set up there). */
    record Email(String address) implements NotifyMethod {
        private static final Pattern ADDRESS = Pattern.compile("[^\\s@'\"\\\\]+@[^\\s@'\"\\\\]+");

        public Email {
            if (address == null || !ADDRESS.matcher(address).matches()) {
                throw new ValidationException("email", "must be one address such as ops@example.com, got '" + address + "'");
            }
        }

        @Override
        public String kind() {
            return "email";
        }
    }

    /** A Slack incoming webhook (Netdata's own Slack sender). */
    record Slack(Secret webhookUrl) implements NotifyMethod {
        public Slack {
            requireHttps("slack", webhookUrl);
        }

        @Override
        public String kind() {
            return "slack";
        }
    }

    /** A Discord webhook (Netdata's own Discord sender). */
    record Discord(Secret webhookUrl) implements NotifyMethod {
        public Discord {
            requireHttps("discord", webhookUrl);
        }

        @Override
        public String kind() {
            return "discord";
        }
    }

    /**
     * An ntfy topic, such as {@code https://ntfy.sh/my-servers}, with an access token or none. Netdata 1.37
     * has no ntfy sender, so Homeport's {@code custom_sender} posts to it with curl.
     */
    record Ntfy(String topicUrl, Secret token) implements NotifyMethod {
        public Ntfy {
            requireUrl("ntfy", topicUrl);
            if (token != null && token.reveal().chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\' || c == '\'' || c == 127)) {
                throw new ValidationException("ntfy", "the access token must have no spaces, quotes or backslashes (ntfy's tokens start with tk_)");
            }
            if (token != null && token.isEmpty()) {
                token = null;
            }
        }

        @Override
        public String kind() {
            return "ntfy";
        }
    }

    /**
     * Any HTTP endpoint: each alarm is POSTed as a form ({@code host}, {@code alarm}, {@code status},
     * {@code old_status}, {@code value}, {@code chart}, {@code info}, {@code when}) by Homeport's
     * {@code custom_sender}. The address may hold a token, so it is a secret.
     */
    record Webhook(Secret url) implements NotifyMethod {
        public Webhook {
            requireHttp("webhook", url);
        }

        @Override
        public String kind() {
            return "webhook";
        }
    }

    private static void requireHttps(String field, Secret url) {
        requireHttp(field, url);
        if (!url.reveal().startsWith("https://")) {
            throw new ValidationException(field, "the webhook address must start with https://");
        }
    }

    private static void requireHttp(String field, Secret url) {
        if (url == null || url.isEmpty()) {
            throw new ValidationException(field, "needs the webhook's address");
        }
        // The value is secret: the message never repeats it.
        if (!validUrl(url.reveal())) {
            throw new ValidationException(field, "the address must be an http:// or https:// URL with a host, and no spaces or quotes");
        }
    }

    private static void requireUrl(String field, String url) {
        if (url == null || !validUrl(url)) {
            throw new ValidationException(field, "must be an http:// or https:// URL with a host, such as https://ntfy.sh/my-servers, got '" + url + "'");
        }
    }

    private static boolean validUrl(String url) {
        if (url.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == 127)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
