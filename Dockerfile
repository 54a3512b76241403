# sfsync container image.
#   docker build -t sfsync .
#   docker run -v sfsync-data:/app/data -v $PWD/routes:/app/routes -v $PWD/mappings:/app/mappings sfsync
# Configuration: SFSYNC_* / CAMEL_* environment variables or --config FILE (docs/configuration.md).
# The admin HTTP server (dashboard, /api, /metrics) listens on 0.0.0.0 in the image, so it needs
# administrators; without them the container stops at start with exit code 2:
#   docker run --rm -it sfsync admin hash-password          # prints the bcrypt hash of the password you type
#   docker run -e SFSYNC_ADMIN_USERS='admin:$2a$10$...' ... sfsync
# or mount a file of name:hash lines and set SFSYNC_ADMIN_USERS_FILE=/run/secrets/sfsync-users.
# The HEALTHCHECK asks /api/health, which needs no login.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home --home-dir /app sfsync \
 && mkdir -p /app/data \
 && chown sfsync /app/data
WORKDIR /app
COPY --from=build /src/target/sfsync.jar /app/sfsync.jar
COPY routes /app/routes
COPY mappings /app/mappings
# Class data sharing: one first cycle against the bundled emulator (its database in a scratch folder, removed again)
# records the classes sfsync loads into /app/sfsync.jsa; the image's java commands map them from there instead of
# reading and verifying them from the jar again, about a second less for every start (docs/operations.md).
RUN SFSYNC_DATA_DIR=/tmp/sfsync-cds SFSYNC_ROUTES_DIR=/app/routes SFSYNC_MAPPINGS_DIR=/app/mappings \
    java -XX:ArchiveClassesAtExit=/app/sfsync.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar /app/sfsync.jar run --once \
 && rm -rf /tmp/sfsync-cds
ENV SFSYNC_DATA_DIR=/app/data \
    SFSYNC_ROUTES_DIR=/app/routes \
    SFSYNC_MAPPINGS_DIR=/app/mappings \
    CAMEL_SERVER_HOST=0.0.0.0
USER sfsync
VOLUME ["/app/data", "/app/routes", "/app/mappings"]
EXPOSE 8080
# The Tier4 thresholds (ten times the JVM's) leave code to the quick compiler (C1) until it is really hot, so the
# optimising compiler (C2) does not take the second core from the start and from a cycle's first pages for code that
# runs a few thousand times (docs/operations.md, "Start-up time").
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["java", "-XX:SharedArchiveFile=/app/sfsync.jsa", "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=20000", "-XX:Tier4CompileThreshold=100000", "-jar", "/app/sfsync.jar", "health"]
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/sfsync.jsa", "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=20000", "-XX:Tier4CompileThreshold=100000", "-jar", "/app/sfsync.jar"]
CMD ["run"]
