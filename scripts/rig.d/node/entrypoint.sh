#!/bin/sh
# Start sshd in the foreground, logging to stderr (docker logs).
set -e
mkdir -p /run/sshd
chmod 0755 /run/sshd
# Host keys are not baked into the image, so every container has its own.
ssh-keygen -A >/dev/null
exec /usr/sbin/sshd -D -e "$@"
