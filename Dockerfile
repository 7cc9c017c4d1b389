# jmap in a container: a static (musl) build in a small Alpine image with git (for
# `jmap review` and REV:PATH), running as a non-root user with jmap as the entrypoint.
#
#   docker build -t jmap .
#   docker run --rm -v "$PWD:/work" jmap lint
#
# The release workflow (.github/workflows/release.yml) pushes it to ghcr.io on each tag.

FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev gcc
WORKDIR /src
# The whole source (see .dockerignore): a build may embed files from outside src/.
COPY . .
RUN cargo build --release --locked --bin jmap \
    && ./target/release/jmap --version

FROM alpine:3
# git for `jmap review` and REV:PATH; a mounted repository belongs to another user, so
# git is told to trust it.
RUN apk add --no-cache git \
    && git config --system safe.directory '*' \
    && adduser -D -H -u 10001 jmap
COPY --from=build /src/target/release/jmap /usr/local/bin/jmap
USER 10001
WORKDIR /work
ENTRYPOINT ["jmap"]
CMD ["--help"]
