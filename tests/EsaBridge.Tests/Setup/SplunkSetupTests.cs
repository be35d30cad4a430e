using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EsaBridge.Setup.Assets;
using EsaBridge.Tests.Cli;
using EsaBridge.Tests.TestDoubles.SplunkManagement;

namespace EsaBridge.Tests.Setup;

/// <summary><c>setup splunk</c> against the splunkd double over loopback, and <c>export splunk-app</c>.</summary>
public sealed class SplunkSetupTests : IDisposable
{
    private const string Password = "s3cret-Pass";

    private static readonly Dictionary<string, string> PasswordEnvironment = new() { ["ESABRIDGE_SPLUNK_PASSWORD"] = Password };

    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-splunk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SetupCreatesTheAppAndEveryObjectThenASecondRunChangesNothing()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", Password) });
        string[] args = ["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin"];

        var first = CliRun.Of(args, environment: PasswordEnvironment);
        int writesAfterFirst = Writes(splunk);
        var second = CliRun.Of(args, environment: PasswordEnvironment);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("app esabridge: created", first.StdoutLines);
        Assert.Contains("view esa_receiving_aborts: created", first.StdoutLines);
        Assert.Contains("view esa_sessions_overview: created", first.StdoutLines);
        Assert.Contains("macro esa_index: created", first.StdoutLines);
        Assert.Contains("tags eventtype=esabridge_session: created", first.StdoutLines);
        Assert.Contains("nav default: updated", first.StdoutLines);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.StdoutLines.Length, second.StdoutLines.Length);
        Assert.All(second.StdoutLines, l => Assert.EndsWith(": unchanged", l, StringComparison.Ordinal));
        Assert.Equal(writesAfterFirst, Writes(splunk));
        Assert.DoesNotContain(Password, first.Stdout + first.Stderr + second.Stdout + second.Stderr, StringComparison.Ordinal);

        // What Splunk now holds is the shipped app, object for object.
        Assert.Contains("esabridge", splunk.InstalledApps);
        var views = splunk.ObjectsIn("esabridge", "data/ui/views");
        foreach (var file in ShippedAssets.SplunkApp.Where(f => f.Path.StartsWith("default/data/ui/views/", StringComparison.Ordinal)))
        {
            string name = Path.GetFileNameWithoutExtension(file.Path);
            Assert.Equal(file.Text, views[name].Content["eai:data"]);
        }

        Assert.Equal("json", splunk.ObjectsIn("esabridge", "configs/conf-props")["cisco:esa:session"].Content["KV_MODE"]);
        Assert.Equal("enabled", splunk.ObjectsIn("esabridge", "configs/conf-tags")["eventtype=esabridge_session"].Content["email"]);
        Assert.Equal(2, splunk.ObjectsIn("esabridge", "configs/conf-savedsearches").Count);
        Assert.All((string[])["props", "eventtypes", "tags", "macros"], file =>
            Assert.All(splunk.ObjectsIn("esabridge", $"configs/conf-{file}").Values, o => Assert.Equal("global", o.Sharing)));
        Assert.Equal("app", splunk.ObjectsIn("esabridge", "configs/conf-savedsearches").Values.First().Sharing);
    }

    [Fact]
    public async Task AViewChangedInSplunkIsPutBackAndOnlyItIsReported()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", Password) });
        string[] args = ["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin"];
        Assert.Equal(0, CliRun.Of(args, environment: PasswordEnvironment).ExitCode);
        splunk.ObjectsIn("esabridge", "data/ui/views")["esa_sessions_overview"].Content["eai:data"] = "<dashboard version=\"1.1\"><label>edited</label></dashboard>";

        var again = CliRun.Of(args, environment: PasswordEnvironment);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(["view esa_sessions_overview: updated"], again.StdoutLines.Where(l => !l.EndsWith(": unchanged", StringComparison.Ordinal)));
        Assert.Contains("<label>ESA sessions overview</label>", splunk.ObjectsIn("esabridge", "data/ui/views")["esa_sessions_overview"].Content["eai:data"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIndexMacroIsTheUsersOnceSetUnlessAnIndexIsGiven()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", Password) });
        string[] args = ["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin"];
        Assert.Equal(0, CliRun.Of(args, environment: PasswordEnvironment).ExitCode);
        var macro = splunk.ObjectsIn("esabridge", "configs/conf-macros")["esa_index"];
        Assert.Equal("index=main", macro.Content["definition"]);
        macro.Content["definition"] = "index=mail";

        var kept = CliRun.Of(args, environment: PasswordEnvironment);
        string keptDefinition = macro.Content["definition"];
        var set = CliRun.Of([.. args, "--splunk-index", "esa"], environment: PasswordEnvironment);

        Assert.Contains("macro esa_index: unchanged", kept.StdoutLines);
        Assert.Equal("index=mail", keptDefinition);
        Assert.Contains("macro esa_index: updated", set.StdoutLines);
        Assert.Equal("index=esa", macro.Content["definition"]);
    }

    [Fact]
    public async Task ATokenFromTheEnvironmentIsSentAsBearerIntoAnotherApp()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = null, Tokens = ["eyJraWQiOiJzcGx1bmsuc2VjcmV0In0.token"] });

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-app", "mail_ops"],
            environment: new Dictionary<string, string> { ["ESABRIDGE_SPLUNK_TOKEN"] = "eyJraWQiOiJzcGx1bmsuc2VjcmV0In0.token" });

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("app mail_ops: created", run.StdoutLines);
        Assert.Equal(ShippedAssets.SplunkApp.Count(f => f.Path.StartsWith("default/data/ui/views/", StringComparison.Ordinal)), splunk.ObjectsIn("mail_ops", "data/ui/views").Count);
        Assert.All(splunk.ObjectsIn("mail_ops", "configs/conf-savedsearches").Values, a => Assert.Equal("mail_ops", a.Content["request.ui_dispatch_app"]));
        Assert.All(splunk.Requests, r => Assert.Equal("Bearer eyJraWQiOiJzcGx1bmsuc2VjcmV0In0.token", r.Headers["Authorization"]));
        Assert.All(splunk.Requests, r => Assert.Contains("output_mode=json", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWrongPasswordStopsAtOnceWithSplunksMessage()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", Password) });

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin", "--splunk-password", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("esabridge: Splunk refused the credentials (HTTP 401): ERROR: Unauthorized", run.Stderr.Trim());
        Assert.Single(splunk.Requests);
        Assert.DoesNotContain("esabridge", splunk.InstalledApps);
    }

    [Fact]
    public async Task AWrongTokenStopsAtOnceWithSplunksMessage()
    {
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Tokens = ["right"] });

        var run = CliRun.Of(["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-token", "wrong"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("WARN: call not properly authenticated", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsWorksWithTheCaGivenAndFailsWithoutIt()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=EsaBridge test SplunkCommonCA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string caFile = Path.Combine(_dir, "cacert.pem");
        File.WriteAllText(caFile, authority.ExportCertificatePem());
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [5, 6, 7, 8]);
        var withKey = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pfx), null);
        await using var splunk = await SplunkManagementDouble.StartAsync(new SplunkManagementOptions { Basic = ("admin", Password), Certificate = withKey });
        string[] args = ["setup", "splunk", "--splunk-url", splunk.Url.ToString(), "--splunk-username", "admin"];

        var untrusted = CliRun.Of(args, environment: PasswordEnvironment);
        var trusted = CliRun.Of([.. args, "--splunk-ca-cert", caFile], environment: PasswordEnvironment);
        var insecure = CliRun.Of([.. args, "--splunk-insecure"], environment: PasswordEnvironment);

        Assert.StartsWith("https://", splunk.Url.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, untrusted.ExitCode);
        Assert.StartsWith("esabridge: cannot reach Splunk at https://", untrusted.Stderr, StringComparison.Ordinal);
        Assert.Contains("certificate", untrusted.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, trusted.ExitCode);
        Assert.Contains("app esabridge: created", trusted.StdoutLines);
        Assert.Equal(0, insecure.ExitCode);
        Assert.Contains("warning: --splunk-insecure", insecure.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "setup", "splunk", "--splunk-username", "admin" }, "--splunk-url")]
    [InlineData(new[] { "setup", "splunk", "--splunk-url", "https://splunk:8089" }, "credentials")]
    [InlineData(new[] { "setup", "splunk", "--splunk-url", "https://splunk:8089", "--splunk-username", "admin" }, "password")]
    [InlineData(new[] { "setup", "splunk", "--splunk-url", "splunk:8089", "--splunk-token", "t" }, "not an http(s) URL")]
    [InlineData(new[] { "setup", "splunk", "--splunk-url", "https://splunk:8089", "--splunk-token", "t", "--splunk-app", "../etc" }, "--splunk-app")]
    [InlineData(new[] { "setup", "splunk", "--splunk-url", "https://splunk:8089", "--splunk-token", "t", "--splunk-index", "Mail Index" }, "--splunk-index")]
    [InlineData(new[] { "export", "splunk-app" }, "--output")]
    public void BadFlagsAreUsageErrors(string[] args, string mentioned)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("esabridge: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(mentioned, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWritesAnInstallablePackageOfExactlyTheAppsFiles()
    {
        string package = Path.Combine(_dir, "esabridge.spl");

        var run = CliRun.Of(["export", "splunk-app", "--output", package]);

        Assert.Equal(0, run.ExitCode);
        var entries = new List<(TarEntryType Type, string Name, UnixFileMode Mode, byte[] Content)>();
        using (var reader = new TarReader(new GZipStream(File.OpenRead(package), CompressionMode.Decompress)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                entries.Add((entry.EntryType, entry.Name, entry.Mode, content.ToArray()));
            }
        }

        var files = entries.Where(e => e.Type == TarEntryType.RegularFile).ToList();
        var folders = entries.Where(e => e.Type == TarEntryType.Directory).Select(e => e.Name).ToList();
        string repository = Path.Combine(RepositoryRoot(), "dashboards", "splunk", "esabridge");
        var onDisk = Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories)
            .Select(f => "esabridge/" + Path.GetRelativePath(repository, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(entries.Count, files.Count + folders.Count);
        Assert.Equal(onDisk, files.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(repository, f.Name["esabridge/".Length..])), f.Content));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, f.Mode));
        Assert.All(entries, e => Assert.StartsWith("esabridge/", e.Name, StringComparison.Ordinal));
        Assert.Equal("esabridge/", entries[0].Name);
        Assert.All(folders, d => Assert.Contains(files, f => f.Name.StartsWith(d, StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllBytes(package), ExportAgain());
    }

    [Fact]
    public void ExportToAFolderThatDoesNotExistFailsWithOneLine()
    {
        var run = CliRun.Of(["export", "splunk-app", "--output", Path.Combine(_dir, "missing", "esabridge.spl")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith("esabridge: cannot write --output", run.Stderr, StringComparison.Ordinal);
    }

    private byte[] ExportAgain()
    {
        string again = Path.Combine(_dir, "again.tar.gz");
        Assert.Equal(0, CliRun.Of(["export", "splunk-app", "--output", again]).ExitCode);
        return File.ReadAllBytes(again);
    }

    private static int Writes(SplunkManagementDouble splunk) => splunk.Requests.Count(r => r.Method != "GET");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EsaBridge.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
