using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using EsaBridge.Cli;
using EsaBridge.Delivery;
using EsaBridge.StateFiles;
using EsaBridge.Tests.Cli;

namespace EsaBridge.Tests.Service;

/// <summary>
/// The state directory a service takes: private to its user whatever the umask, and when it cannot be taken the
/// message says what really failed (a lock another process holds, or a permission) and what to do.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class StateDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("esabridge-statedir-").FullName;

    private string State => Path.Combine(_root, "state");

    private string Log => Path.Combine(_root, "logs", "mail.current");

    public StateDirectoryTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "esa-mail.log"), Log);
    }

    public void Dispose()
    {
        foreach (string directory in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(directory, PrivateFiles.DirectoryMode); // the permission test made one read-only
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Under_a_permissive_umask_the_state_directory_is_0700_and_every_file_in_it_0600()
    {
        // umask 000, as a shell or a container may leave it: without explicit modes everything would be world-readable.
        string output = Path.Combine(_root, "out", "sessions.ndjson");
        using var service = ServiceProcess.StartProgram(
            ["sh", "-c", "umask 000 && exec \"$0\" \"$@\"", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "esabridge.dll")],
            new Dictionary<string, string>(),
            "--input", Log, "--host", "esa1", "--state-dir", State, "--output-file", output, "--poll-interval", "50ms", "--status-interval", "1h");
        string position = Path.Combine(State, "outputs", "file.position");
        await service.UntilAsync(() => File.Exists(Path.Combine(State, "checkpoint")) && File.Exists(position) && new FileInfo(position).Length > 0
            && File.Exists(output) && File.ReadAllLines(output).Length >= 3);
        Assert.Equal(0, service.Terminate(TimeSpan.FromSeconds(10)));

        string[] directories = [State, .. Directory.GetDirectories(State, "*", SearchOption.AllDirectories)];
        string[] files = Directory.GetFiles(State, "*", SearchOption.AllDirectories);
        Assert.Equal(
            ["checkpoint", "lock", "outputs/file.position", "sessions-N.journal", "sessions-N.snapshot", "spool/00000000000000000000.spool", "spooled-checkpoint"],
            files.Select(f => System.Text.RegularExpressions.Regex.Replace(Path.GetRelativePath(State, f), @"^sessions-\d+\.", "sessions-N."))
                .Distinct().Order(StringComparer.Ordinal));
        Assert.All(directories, d => Assert.Equal((d, "0700"), (d, Mode(d))));
        Assert.All(files, f => Assert.Equal((f, "0600"), (f, Mode(f))));
    }

    [Fact]
    public async Task State_files_an_older_version_left_readable_by_others_are_made_private_at_start_and_nothing_else()
    {
        const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode SharedFolder = Shared | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        string[] folders = [State, Path.Combine(State, "spool"), Path.Combine(State, "outputs")];
        var files = new Dictionary<string, byte[]>
        {
            ["lock"] = [],
            ["spool/00000000000000000000.spool"] = [],
            ["outputs/file.position"] = BitConverter.GetBytes(0L),
            ["dead-letters.ndjson"] = [],
            ["notes.txt"] = "not the service's"u8.ToArray(),
        };
        foreach (string folder in folders)
        {
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, SharedFolder);
        }

        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(State, name), content);
            File.SetUnixFileMode(Path.Combine(State, name), Shared);
        }

        var settings = RunCommand.ReadSettings(
            ["--input", Log, "--host", "esa1", "--state-dir", State, "--output-file", Path.Combine(_root, "out.ndjson"), "--status-interval", "1h"],
            () => new DateOnly(2026, 11, 28),
            _ => null);
        await using (var service = InProcessService.Start(settings))
        {
            await service.UntilAsync(() => service.Log.Contains(" started: ", StringComparison.Ordinal));
            Assert.Equal(0, await service.StopAsync());
            Assert.Contains("state: 6 files and folders of the state directory were readable by other users", service.Log, StringComparison.Ordinal);
        }

        Assert.Equal("0755", Mode(State)); // an existing state directory keeps its mode: it may be shared
        Assert.Equal("0644", Mode(Path.Combine(State, "notes.txt")));
        Assert.All(folders[1..], f => Assert.Equal((f, "0700"), (f, Mode(f))));
        Assert.All(files.Keys.Where(n => n != "notes.txt").Select(n => Path.Combine(State, n)), f => Assert.Equal((f, "0600"), (f, Mode(f))));
    }

    [Fact]
    public void A_dead_letter_file_is_created_0600()
    {
        string path = Path.Combine(_root, "dead-letters.ndjson");
        using (var deadLetters = new DeadLetterFile(path))
        {
            deadLetters.Write("elasticsearch", new OutgoingDocument("id-1", "{\"a\":1}"u8.ToArray()), 400, "mapper_parsing_exception");
        }

        Assert.Equal("0600", Mode(path));
    }

    [Fact]
    public void A_state_directory_another_process_holds_says_another_esabridge_may_be_running()
    {
        Directory.CreateDirectory(State);
        using var held = new FileStream(Path.Combine(State, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var run = CliRun.Of(["run", "--input", Log, "--state-dir", State, "--output-file", Path.Combine(_root, "out.ndjson")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"esabridge: --state-dir '{State}': '{Path.Combine(State, "lock")}' is locked by another process; is another esabridge running on it?",
            LastLine(run.Stderr));
    }

    [Fact]
    public void A_state_directory_the_user_may_not_write_says_permission_denied_and_suggests_another()
    {
        // As a user without write access to the default /var/lib/esabridge: the directory is there, the lock cannot be
        // created. Root ignores permissions, so as root the service runs without that capability.
        Directory.CreateDirectory(State);
        File.SetUnixFileMode(State, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string[] program = [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "esabridge.dll")];
        if (Environment.UserName == "root")
        {
            program = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", .. program];
        }

        using var service = ServiceProcess.StartProgram(program, new Dictionary<string, string>(), "--input", Log, "--state-dir", State, "--output-file", Path.Combine(_root, "out.ndjson"));

        Assert.Equal(1, service.WaitForExit(TimeSpan.FromSeconds(60)));
        string message = LastLine(service.Stderr);
        Assert.StartsWith($"esabridge: --state-dir '{State}': permission denied (", message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(State, "lock"), message, StringComparison.Ordinal);
        Assert.EndsWith("run as a user who may write there, or give a directory of its own with --state-dir", message, StringComparison.Ordinal);
        Assert.DoesNotContain("another esabridge", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syslog_port_already_taken_names_the_address_and_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = CliRun.Of(["run", "--syslog-tcp", $"127.0.0.1:{port}", "--state-dir", State, "--output-file", Path.Combine(_root, "out.ndjson")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"esabridge: syslog: cannot listen on TCP 127.0.0.1:{port} (Address already in use)", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The line the program ends with (the host logs the failure once before it).</summary>
    private static string LastLine(string stderr) => stderr.Trim().Split('\n')[^1].TrimEnd('\r');

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
}
