# syntax=docker/dockerfile:1
# ControlPlane.Silo, framework-dependent on the chiseled .NET runtime (no shell, no package manager, non-root).
# Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t controlplane/silo:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Silo -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app .
# 1654, the "app" user of the .NET images; the manifests set runAsUser to the same number.
USER $APP_UID
EXPOSE 11111 30000
ENTRYPOINT ["/app/ControlPlane.Silo"]
