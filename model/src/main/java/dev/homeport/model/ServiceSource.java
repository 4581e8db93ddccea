package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** Where a Service's image comes from. */
public sealed interface ServiceSource {
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
     * ssh URLs) or a token (sealed, for https URLs); never both.
     */
    record Git(String url, String ref, String dockerfile, String context, Long deployKeyId, Sealed token) implements ServiceSource {
        public Git {
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
            this(url, ref, "Dockerfile", ".");
        }

        public ServiceKind kind() {
            return ServiceKind.GIT;
        }

        public String describe() {
            return url + "@" + ref;
        }
    }

    /** A folder on this machine, streamed as the build context; it honours .dockerignore. */
    record Folder(String path, String dockerfile) implements ServiceSource {
        public Folder {
            Check.absolutePath("folder.path", path);
            Check.relativePath("folder.dockerfile", dockerfile);
        }

        public Folder(String path) {
            this(path, "Dockerfile");
        }

        public ServiceKind kind() {
            return ServiceKind.FOLDER;
        }

        public String describe() {
            return path;
        }
    }
}
