# syntax=docker/dockerfile:1
# cp-agent: one trimmed, self-contained, single-file executable (README, "The node agent") on runtime-deps
# chiseled: glibc, libstdc++, OpenSSL and CA certificates, nothing else. NVML (libnvidia-ml.so.1) and nvidia-smi
# are not in the image: the NVIDIA container toolkit injects the host driver's copies (runtimeClassName: nvidia,
# NVIDIA_DRIVER_CAPABILITIES=utility); /proc and /sys come from the host, read-only, under /host.
# Build from the repository root:
#   docker build -f deploy/docker/agent.Dockerfile -t controlplane/cp-agent:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Agent -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
COPY --from=build /out/cp-agent /app/cp-agent
# Where the toolkit puts the driver's libraries: a chiseled image has no ld.so.conf.d naming that directory.
ENV LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=utility
USER $APP_UID
ENTRYPOINT ["/app/cp-agent"]
CMD ["--help"]
