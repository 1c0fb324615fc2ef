# syntax=docker/dockerfile:1
# The labelsmooth command line as a container image: the distribution (bin/labelsmooth, lib/,
# natives/) on a Java 17 runtime. Two targets; build the distribution first, from the repository
# root (docs/scale-out.md has the whole Kubernetes walk-through):
#
#   CPU:  mvn -B -DskipTests package
#         docker build --target cpu -t REGISTRY/labelsmooth:0.1.0 .
#   CUDA: mvn -B -DskipTests -Pcuda package      (adds the cu124 natives, about 2.4 GB)
#         docker build --target cuda -t REGISTRY/labelsmooth:0.1.0-cuda .
#
# REGISTRY is the registry your cluster pulls from (docker push REGISTRY/labelsmooth:...).
# Without --target the CPU image is built. Needs BuildKit (Docker 23 or newer, or buildx), which
# builds only the stages the target needs. The image's launcher picks the cu124 natives where the
# container sees a GPU with a driver for CUDA 12.4 (through the NVIDIA container toolkit), else the
# CPU ones.

# CUDA 12.4 runtime and cuDNN; the base has no Java, so install a headless JRE 17.
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS cuda
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
# ADD unpacks a local tar.gz: the CPU distribution plus natives/cu124/.
ADD cli/target/labelsmooth-0.1.0-SNAPSHOT-cuda.tar.gz /opt/
RUN mv /opt/labelsmooth-0.1.0-SNAPSHOT /opt/labelsmooth
# DJL unpacks the natives (about 4 GB for cu124) into DJL_CACHE_DIR at start-up: mount a volume
# there (the Kubernetes Job mounts an emptyDir) rather than filling the container's writable layer.
ENV LABELSMOOTH_DATA=/data DJL_CACHE_DIR=/cache/djl
WORKDIR /runs
ENTRYPOINT ["/opt/labelsmooth/bin/labelsmooth"]

FROM eclipse-temurin:17-jre AS cpu
COPY cli/target/labelsmooth-0.1.0-SNAPSHOT/ /opt/labelsmooth/
ENV LABELSMOOTH_DATA=/data DJL_CACHE_DIR=/cache/djl
WORKDIR /runs
ENTRYPOINT ["/opt/labelsmooth/bin/labelsmooth"]
