using System.Diagnostics;
using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Assets;
using EsaBridge.Tests.Service;
using EsaBridge.Tests.TestDoubles.Elasticsearch;
using EsaBridge.Tests.TestDoubles.Hec;
using EsaBridge.Tests.TestDoubles.Kibana;
using EsaBridge.Tests.TestDoubles.SplunkManagement;

namespace EsaBridge.Tests.Cli;

/// <summary>
/// The program as the launcher builds it by default: a native executable compiled ahead of time, in which reflection
/// and run-time code generation are gone, wherever a C toolchain is (as in CI); on a machine with only the .NET SDK,
/// the JIT-compiled kind the launcher falls back to. The rest of the suite runs the JIT-compiled program in-process;
/// these tests build with <c>./esabridge</c> itself (into a folder of their own) and run every command against the
/// doubles over loopback, as a user would.
/// </summary>
[Collection(LauncherBuildCollection.Name)]
public sealed class LauncherBuildTests(LauncherBuild build)
{
    private const string Stream = "logs-cisco_esa.session-default";
    private const string HecToken = "5c1d8a2e-7b3f-4e6a-9d2c-1f0e3b4a5c6d";

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log");

    [Fact]
    public void The_launcher_built_a_native_executable_where_a_C_toolchain_is_and_said_why_not_elsewhere()
    {
        Assert.True(build.ExitCode == 0, build.Output);
        if (LauncherBuild.HasCToolchain)
        {
            Assert.DoesNotContain("failed", build.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(build.Directory, "build", "esabridge")), build.Output);
            Assert.False(File.Exists(Path.Combine(build.Directory, "build", "esabridge.dll")), "a .NET assembly was built instead");
        }
        else
        {
            Assert.Contains("no C toolchain (clang or gcc) for the native build; building the jit kind", build.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(build.Directory, "build", "esabridge.dll")), build.Output);
        }
    }

    [Fact]
    public void Parse_writes_exactly_the_documents_of_the_jit_build()
    {
        var native = build.Run("parse", Sample);
        var jit = CliRun.Of(["parse", Sample]);

        Assert.True(native.ExitCode == 0, native.Stderr);
        Assert.Equal(35, native.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\"dataset\":\"cisco_esa.session\"", StringComparison.Ordinal)));
        Assert.Equal(jit.Stdout, native.Stdout);
        Assert.Equal(jit.Stderr, native.Stderr);
    }

    [Fact]
    public void Report_summarises_the_sample()
    {
        var run = build.Run("report", Sample);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("35 messages", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("connection_lost", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_flag_and_a_missing_file_give_one_line_and_their_exit_codes()
    {
        var usage = build.Run("parse", "--no-such-flag", Sample);
        var missing = build.Run("parse", Path.Combine(build.Directory, "no-such.log"));

        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(missing.Stdout);
    }

    [Fact]
    public void Export_prints_the_shipped_index_template()
    {
        var native = build.Run("export", "template");

        Assert.True(native.ExitCode == 0, native.Stderr);
        Assert.Equal(CliRun.Of(["export", "template"]).Stdout, native.Stdout);
    }

    [Fact]
    public async Task Setup_installs_the_assets_into_elasticsearch_kibana_and_splunk()
    {
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { Basic = ("elastic", "changeme") });
        await using var kibana = await KibanaDouble.StartAsync(new KibanaDoubleOptions { ApiKey = "kb" });
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", "s3cret") });

        var elasticsearch = build.RunWith(new() { ["ESABRIDGE_ES_PASSWORD"] = "changeme" }, "setup", "elasticsearch", "--es-url", es.Url.ToString(), "--es-username", "elastic");
        var dashboards = build.RunWith(new() { ["ESABRIDGE_KIBANA_API_KEY"] = "kb" }, "setup", "kibana", "--kibana-url", kibana.Url.ToString());
        var app = build.RunWith(
            new() { ["ESABRIDGE_SPLUNK_PASSWORD"] = "s3cret" }, "setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin");

        Assert.True(elasticsearch.ExitCode == 0, elasticsearch.Stderr);
        Assert.Contains(ShippedAssets.IndexTemplateName, es.IndexTemplates.Keys);
        Assert.Contains(ShippedAssets.IlmPolicyName, es.IlmPolicies.Keys);
        Assert.Contains(ShippedAssets.IngestPipelineName, es.IngestPipelines.Keys);
        Assert.True(dashboards.ExitCode == 0, dashboards.Stderr);
        Assert.Contains("dashboard:esabridge-receiving-aborts", kibana.ImportedObjects.Keys);
        Assert.True(app.ExitCode == 0, app.Stderr);
        Assert.Contains("app esabridge: created", app.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("changeme", elasticsearch.Stdout + elasticsearch.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", app.Stdout + app.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ship_delivers_every_document_to_both_outputs_through_a_retry_and_a_rejection()
    {
        await using var es = await ElasticsearchDouble.StartAsync(new ElasticsearchDoubleOptions { ApiKey = "c2VjcmV0" });
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecToken });
        var environment = new Dictionary<string, string> { ["ESABRIDGE_ES_API_KEY"] = "c2VjcmV0", ["ESABRIDGE_HEC_TOKEN"] = HecToken };
        Assert.Equal(0, build.RunWith(environment, "setup", "elasticsearch", "--es-url", es.Url.ToString()).ExitCode);
        es.Faults.FailNextBulk(503);
        hec.Faults.FailNext(HecCode.ServerBusy);
        hec.Faults.RejectEvents(e => e["event"]?["internal_message_id"]?.GetValue<long>() == 1404 ? HecCode.InvalidDataFormat : null);
        string deadLetters = Path.Combine(build.Directory, $"dead-{Guid.NewGuid():N}.ndjson");

        var run = build.RunWith(
            environment, "ship", Sample, "--no-connections", "--es-url", es.Url.ToString(), "--hec-url", hec.Url.ToString(), "--dead-letter", deadLetters);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(35, es.DocumentCount(Stream));
        Assert.Equal(34, hec.EventCount);
        Assert.Contains("elasticsearch: 35 documents sent, 35 created", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("splunk-hec: 35 documents sent, 34 created", run.Stderr, StringComparison.Ordinal);
        string deadLetter = Assert.Single(File.ReadAllLines(deadLetters));
        Assert.Contains("1404", deadLetter, StringComparison.Ordinal);
        Assert.DoesNotContain(HecToken, run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_tails_a_log_into_both_outputs_serves_metrics_and_stops_cleanly_on_SIGTERM()
    {
        await using var es = await ElasticsearchDouble.StartAsync();
        await using var hec = await HecDouble.StartAsync(new HecDoubleOptions { Token = HecToken });
        Assert.Equal(0, build.Run("setup", "elasticsearch", "--es-url", es.Url.ToString()).ExitCode);
        string root = Directory.CreateTempSubdirectory("esabridge-native-run-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "logs"));
            File.Copy(Sample, Path.Combine(root, "logs", "mail.current"));
            int port = LoopbackPort.Free();
            using var service = ServiceProcess.StartProgram(
                build.Program, new Dictionary<string, string> { ["ESABRIDGE_HEC_TOKEN"] = HecToken },
                "--input", Path.Combine(root, "logs", "mail.*"), "--no-connections", "--host", "esa1.example.com", "--state-dir", Path.Combine(root, "state"),
                "--es-url", es.Url.ToString(), "--hec-url", hec.Url.ToString(), "--poll-interval", "50ms", "--metrics", $"127.0.0.1:{port}");
            await service.UntilAsync(() => es.DocumentCount(Stream) >= 35 && hec.EventCount >= 35);

            using var http = new HttpClient();
            string metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Equal(35, es.DocumentCount(Stream));
            Assert.Equal(35, hec.EventCount);
            Assert.Contains("esabridge_output_documents_acknowledged_total{output=\"elasticsearch\"}", metrics, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(root, "state", "checkpoint")), service.Stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Run_takes_syslog_over_udp_into_an_output_file()
    {
        string root = Directory.CreateTempSubdirectory("esabridge-native-syslog-").FullName;
        try
        {
            int port = LoopbackPort.Free(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            string output = Path.Combine(root, "sessions.ndjson");
            using var service = ServiceProcess.StartProgram(
                build.Program, new Dictionary<string, string>(), "--syslog-udp", $"127.0.0.1:{port}", "--no-connections", "--year", "2014",
                "--state-dir", Path.Combine(root, "state"), "--output-file", output, "--poll-interval", "50ms");
            service.WaitUntilStarted();
            using var udp = new System.Net.Sockets.UdpClient();
            foreach (string line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-tech-note.log")))
            {
                byte[] message = System.Text.Encoding.UTF8.GetBytes(SyslogRunTests.Syslog(line, "esa-udp.example.com"));
                await udp.SendAsync(message, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
                await Task.Delay(2);
            }

            await service.UntilAsync(() => SyslogRunTests.Documents(output).Count >= 3);
            Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));
            var documents = SyslogRunTests.Documents(output);
            Assert.Equal(
                ["connection_lost", "sender_quit", "timeout"],
                documents.Select(d => d["cisco"]!["esa"]!["abort"]!["class"]!.GetValue<string>()).Order());
            Assert.All(documents, d => Assert.Equal("esa-udp.example.com", d["observer"]!["hostname"]!.GetValue<string>()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task After_a_kill_during_an_outage_the_restart_delivers_every_document_once()
    {
        await using var es = await ElasticsearchDouble.StartAsync();
        Assert.Equal(0, build.Run("setup", "elasticsearch", "--es-url", es.Url.ToString()).ExitCode);
        string root = Directory.CreateTempSubdirectory("esabridge-native-kill-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "logs"));
            File.Copy(Sample, Path.Combine(root, "logs", "mail.current"));
            string state = Path.Combine(root, "state");
            string[] args =
            [
                "--input", Path.Combine(root, "logs", "mail.*"), "--host", "esa1.example.com", "--state-dir", state,
                "--es-url", es.Url.ToString(), "--poll-interval", "50ms", "--retry-for", "1h",
            ];
            es.Faults.FailAll(503);
            using (var first = ServiceProcess.StartProgram(build.Program, new Dictionary<string, string>(), args))
            {
                // Every document spooled and the spooled checkpoint saved; none acknowledged.
                await first.UntilAsync(() => EsaBridge.Checkpoints.Checkpoint.Load(EsaBridge.Checkpoints.Checkpoint.SpooledPath(state))?.SpoolPosition > 0);
                first.Kill();
            }

            es.Faults.Clear();
            using var second = ServiceProcess.StartProgram(build.Program, new Dictionary<string, string>(), args);
            await second.UntilAsync(() => es.DocumentCount(Stream) >= 35);
            Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(10)));
            Assert.Equal(35, es.DocumentCount(Stream));
            Assert.Contains("restart: read again", second.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>
/// The launcher's build, made once for <see cref="LauncherBuildTests"/>. Its tests run alone, after the others: the
/// native compiler uses both cores for a minute or more, which would slow the timed service tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LauncherBuildCollection : ICollectionFixture<LauncherBuild>
{
    public const string Name = "launcher build";
}

public sealed class LauncherBuild : IDisposable
{
    public LauncherBuild()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("esabridge-launcher-").FullName;
        var result = Start(
            [AssetJson.RepositoryFile("esabridge"), "--version"],
            new() { ["ESABRIDGE_BUILD"] = "native", ["ESABRIDGE_BUILD_DIR"] = Path.Combine(Directory, "build") },
            TimeSpan.FromMinutes(20));
        ExitCode = result.ExitCode;
        string log = Path.Combine(Directory, "build.log");
        Output = result.Stderr + result.Stdout + (File.Exists(log) ? File.ReadAllText(log) : "");
        string dll = Path.Combine(Directory, "build", "esabridge.dll");
        Program = File.Exists(dll)
            ? [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", dll]
            : [Path.Combine(Directory, "build", "esabridge")];
    }

    /// <summary>Whether the launcher can make the native kind here: it needs clang or gcc on the PATH.</summary>
    public static bool HasCToolchain => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, "clang")) || File.Exists(Path.Combine(dir, "gcc")));

    /// <summary>A folder for the build and the tests' files.</summary>
    public string Directory { get; }

    /// <summary>The command that runs the build: the native executable, or <c>dotnet</c> and the assembly.</summary>
    public string[] Program { get; }

    public int ExitCode { get; }

    /// <summary>What the launcher printed, and the build's log.</summary>
    public string Output { get; }

    public ProgramRun Run(params string[] args) => RunWith([], args);

    public ProgramRun RunWith(Dictionary<string, string> environment, params string[] args) =>
        Start([.. Program, .. args], environment, TimeSpan.FromMinutes(2));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static ProgramRun Start(string[] command, Dictionary<string, string> environment, TimeSpan timeout) =>
        ChildProcess.Run(command, environment, timeout);
}
