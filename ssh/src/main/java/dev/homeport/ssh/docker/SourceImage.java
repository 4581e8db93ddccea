package dev.homeport.ssh.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.SaveImagesCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The image a copy takes from its source node: its ID and its tags, which the archive carries along. */
record SourceImage(String asGiven, String id, List<String> tags) {
    static SourceImage inspect(NodeDocker source, String image) {
        InspectImageResponse found;
        try {
            found = source.client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new ImageTransferException(source.nodeName() + " has no image " + image + ".", List.of(), e);
        } catch (RuntimeException e) {
            throw new ImageTransferException("Cannot ask " + source.nodeName() + " for the image " + image + ": " + e.getMessage(), List.of(), e);
        }
        List<String> tags = found.getRepoTags() == null ? List.of()
                : found.getRepoTags().stream().filter(tag -> !tag.startsWith("<none>")).toList();
        return new SourceImage(image, found.getId(), tags);
    }

    /**
     * The archive: saved by its tags (so the targets get them), or by its ID when it has none.
     * An archive saved by ID carries no tag, even when the image has some.
     */
    InputStream open(NodeDocker source) {
        if (tags.isEmpty()) {
            return source.client().saveImageCmd(id).exec();
        }
        SaveImagesCmd save = source.client().saveImagesCmd();
        for (String tag : tags) {
            int colon = tag.lastIndexOf(':');
            save.withImage(tag.substring(0, colon), tag.substring(colon + 1));
        }
        return save.exec();
    }

    /** Tags {@code there} (the same image on a target) with the tags it lacks; returns them. */
    List<String> addMissingTags(NodeDocker target, InspectImageResponse there) {
        List<String> has = there.getRepoTags() == null ? List.of() : there.getRepoTags();
        List<String> added = new ArrayList<>();
        for (String tag : tags) {
            if (!has.contains(tag)) {
                int colon = tag.lastIndexOf(':');
                target.client().tagImageCmd(id, tag.substring(0, colon), tag.substring(colon + 1)).withForce(true).exec();
                added.add(tag);
            }
        }
        return added;
    }

    @Override
    public String toString() {
        String shortId = id.startsWith("sha256:") ? id.substring(7, Math.min(id.length(), 19)) : id;
        return asGiven.equals(id) ? shortId : asGiven + " (" + shortId + ")";
    }
}
