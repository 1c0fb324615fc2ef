# The labelsmooth command line as a container image, for deploy/kubernetes. Build the fat jar
# first: `mvn -B -DskipTests package` (CPU natives, about 130 MB) or `mvn -B -DskipTests -Pcuda
# package` (CUDA 12.4 natives, about 2.4 GB) with a CUDA base image, e.g.
#   docker build --build-arg BASE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 -t labelsmooth:0.1.0-cuda .
# (that base has no Java: add one, as the commented line below does). Not built in this project's
# CI, which reaches no container registry.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
# RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*
COPY cli/target/cli.jar /opt/labelsmooth/cli.jar
ENV LABELSMOOTH_DATA=/data
WORKDIR /runs
ENTRYPOINT ["java", "-jar", "/opt/labelsmooth/cli.jar"]
