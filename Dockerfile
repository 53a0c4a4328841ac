# TaskScope's container image for machines with Docker (or podman/buildah): the same layout as bin/build-image, which
# builds it without Docker or a registry (docs/deploy.md, Container image). Build from the repository's root:
#   docker build -t ghcr.io/taskscope/taskscope:0.1.0 .
# Stage 1 builds the jar and a jlink'ed runtime of the JDK it is built with (image/jlink-runtime, shared with
# bin/build-image); stage 2 is Debian bookworm with a non-root user, the runtime, the jar and the launcher.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# the jar the image runs (bin/build-image: server_jar / TASKSCOPE_JAR)
ARG TASKSCOPE_JAR=server/target/taskscope.jar
# Node.js bundles the ops UI's pinned npm packages (ui/web/build.sh) during the Maven build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
RUN mvn -q -B -DskipTests -pl server -am package \
 && cp "$TASKSCOPE_JAR" /taskscope.jar \
 && image/jlink-runtime "$JAVA_HOME" /taskscope.jar /classes /runtime \
 && case "$(uname -m)" in x86_64) a=x86_64 ;; aarch64) a=aarch64 ;; *) a=$(uname -m) ;; esac \
 && mkdir -p /lib-native && cp "/classes/org/sqlite/native/Linux/$a/libsqlitejdbc.so" /lib-native/

FROM debian:bookworm-slim
RUN echo 'taskscope:x:65532:65532:TaskScope:/data:/usr/sbin/nologin' >>/etc/passwd \
 && echo 'taskscope:x:65532:' >>/etc/group \
 && mkdir -p /data && chown 65532:65532 /data
COPY --from=build /runtime /opt/taskscope/runtime
COPY --from=build /taskscope.jar /opt/taskscope/taskscope.jar
COPY --from=build /lib-native/libsqlitejdbc.so /opt/taskscope/lib/libsqlitejdbc.so
COPY --chmod=0755 image/taskscope /opt/taskscope/bin/taskscope
COPY --chmod=0755 bin/jvm-options /opt/taskscope/bin/jvm-options
ENV PATH=/opt/taskscope/bin:/usr/bin:/bin LANG=C.UTF-8
USER 65532:65532
WORKDIR /data
VOLUME /data
EXPOSE 9470
ENTRYPOINT ["/opt/taskscope/bin/taskscope"]
CMD ["serve"]
