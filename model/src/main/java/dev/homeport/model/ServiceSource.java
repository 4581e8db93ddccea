package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** Where a Service's image comes from. */
public sealed interface ServiceSource {
    /** The Dockerfile a git or folder source builds when none is named. */
    String DEFAULT_DOCKERFILE = "Dockerfile";

    ServiceKind kind();

    /** A short human description, for lists. */
    String describe();

    /** A registry image. The credential, when set, belongs to the Service's organisation. */
    record Image(String image, Long registryCredentialId) implements ServiceSource {
        public Image {
            Check.imageReference("image", image);
        }

        public Image(String image) {
            this(image, null);
        }

        public ServiceKind kind() {
            return ServiceKind.IMAGE;
        }

        public String describe() {
            return image;
        }
    }

    /**
     * A repository the node builds, with a Dockerfile and context inside it (for monorepos).
     * A private repository is reached with a deploy key (an SSH key kept in the vault, for
     * ssh URLs) or a token (sealed, for https URLs); never both. A ref, Dockerfile or context
     * that is not given (null or blank) is the default: {@value #DEFAULT_REF}, {@value
     * ServiceSource#DEFAULT_DOCKERFILE} and {@value #DEFAULT_CONTEXT} (the repository's root).
     */
    record Git(String url, String ref, String dockerfile, String context, Long deployKeyId, Sealed token) implements ServiceSource {
        public static final String DEFAULT_REF = "main";
        public static final String DEFAULT_CONTEXT = ".";

        public Git {
            ref = orDefault(ref, DEFAULT_REF);
            dockerfile = orDefault(dockerfile, DEFAULT_DOCKERFILE);
            context = orDefault(context, DEFAULT_CONTEXT);
            Check.gitUrl("git.url", url);
            Check.gitRef("git.ref", ref);
            Check.relativePath("git.dockerfile", dockerfile);
            Check.relativePath("git.context", context);
            if (deployKeyId != null && token != null) {
                throw new ValidationException("git", "use a deploy key or a token, not both");
            }
            if (deployKeyId != null && (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("file:"))) {
                throw new ValidationException("git.deployKey", "a deploy key works with an ssh repository URL (ssh:// or git@host:path), got '" + url + "'");
            }
            if (token != null && !url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ValidationException("git.token", "a token works with an https:// repository URL, got '" + url + "'");
            }
        }

        public Git(String url, String ref, String dockerfile, String context) {
            this(url, ref, dockerfile, context, null, null);
        }

        public Git(String url, String ref) {
            this(url, ref, null, null);
        }

        public ServiceKind kind() {
            return ServiceKind.GIT;
        }

        public String describe() {
            return url + "@" + ref;
        }
    }

    /**
     * A folder on this machine, streamed as the build context; it honours .dockerignore. A
     * Dockerfile not given (null or blank) is {@value ServiceSource#DEFAULT_DOCKERFILE}.
     */
    record Folder(String path, String dockerfile) implements ServiceSource {
        public Folder {
            dockerfile = orDefault(dockerfile, DEFAULT_DOCKERFILE);
            Check.absolutePath("folder.path", path);
            Check.relativePath("folder.dockerfile", dockerfile);
        }

        public Folder(String path) {
            this(path, null);
        }

        public ServiceKind kind() {
            return ServiceKind.FOLDER;
        }

        public String describe() {
            return path;
        }
    }

    /** The one rule for the defaults above, whoever builds the source: the app's dialog, the command line or an import. */
    private static String orDefault(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
