# syntax=docker/dockerfile:1
# ControlPlane.Web (REST API, portal, ingestion), framework-dependent on the chiseled ASP.NET Core runtime.
# Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t controlplane/web:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/Web -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app .
# The web front end listens on 127.0.0.1:5080 unless told otherwise (src/Web/Hosting/ControlPlaneApp.cs); in a
# container it must listen on every address.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["/app/ControlPlane.Web"]
