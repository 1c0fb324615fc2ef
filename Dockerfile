# The labelsmooth command line as a container image, for deploy/kubernetes: the distribution
# (bin/labelsmooth, lib/, natives/) on a Java 17 runtime. Build it first:
#   CPU:  mvn -B -DskipTests package
#         docker build -t labelsmooth:0.1.0 .
#   CUDA: mvn -B -DskipTests -Pcuda package      (adds the cu124 natives, about 2.4 GB)
#         mkdir -p cli/target/cuda && tar -xzf cli/target/labelsmooth-0.1.0-SNAPSHOT-cuda.tar.gz -C cli/target/cuda
#         docker build --build-arg BASE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 \
#           --build-arg DIST=cli/target/cuda/labelsmooth-0.1.0-SNAPSHOT -t labelsmooth:0.1.0-cuda .
# (that CUDA base has no Java: uncomment the line that installs one). The launcher uses the cu124
# natives where the container sees a GPU through the NVIDIA container toolkit, else the CPU ones.
# Not built in this project's CI, which reaches no container registry.
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}
ARG DIST=cli/target/labelsmooth-0.1.0-SNAPSHOT
# RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless && rm -rf /var/lib/apt/lists/*
COPY ${DIST}/ /opt/labelsmooth/
ENV LABELSMOOTH_DATA=/data
WORKDIR /runs
ENTRYPOINT ["/opt/labelsmooth/bin/labelsmooth"]
