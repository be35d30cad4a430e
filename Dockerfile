# syntax=docker/dockerfile:1
# EsaBridge container image: a self-contained build on the smallest .NET base (runtime-deps), running as the
# image's non-root user. It writes only to /var/lib/esabridge (a volume) and /tmp, so it runs with a read-only
# root file system:
#   docker run --read-only --tmpfs /tmp -v esabridge-state:/var/lib/esabridge -v /srv/esa:/var/log/esa:ro \
#     esabridge:local run --input '/var/log/esa/mail.*' --host esa1 --es-url https://es:9200
# (docker-compose.yml does the same with read_only: true and tmpfs: [/tmp].)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Restore first, from the project files only, so a source change does not download the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/EsaBridge.Core/EsaBridge.Core.csproj src/EsaBridge.Core/
COPY src/EsaBridge.Generators/EsaBridge.Generators.csproj src/EsaBridge.Generators/
COPY src/EsaBridge/EsaBridge.csproj src/EsaBridge/
RUN dotnet restore src/EsaBridge/EsaBridge.csproj -a "$TARGETARCH"
COPY src/ src/
# Embedded in the binary: the Elasticsearch assets, the Kibana saved objects and the Splunk app.
COPY mappings/ mappings/
COPY dashboards/ dashboards/
# The sample log, embedded for the start-up warm-up of `parse`.
COPY samples/esa-mail.log samples/
RUN dotnet publish src/EsaBridge/EsaBridge.csproj -c Release -a "$TARGETARCH" --self-contained --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# APP_UID (1654, user "app") comes with the .NET base images.
RUN install -d -o "$APP_UID" -g "$APP_UID" -m 0750 /var/lib/esabridge
COPY --from=build /app /opt/esabridge
ENV PATH="/opt/esabridge:${PATH}" \
    ESABRIDGE_STATE_DIR=/var/lib/esabridge \
    DOTNET_gcServer=0
USER $APP_UID
WORKDIR /var/lib/esabridge
VOLUME ["/var/lib/esabridge"]
# Syslog (UDP and TCP); ports above 1024 because the process is not root.
EXPOSE 5514/udp 5514/tcp
STOPSIGNAL SIGTERM
ENTRYPOINT ["esabridge"]
CMD ["--help"]
