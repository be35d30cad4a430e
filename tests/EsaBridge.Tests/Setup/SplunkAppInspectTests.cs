using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using EsaBridge.Tests.Assets;
using EsaBridge.Tests.Cli;

namespace EsaBridge.Tests.Setup;

/// <summary>
/// The package <c>export splunk-app</c> writes, checked against the Splunk AppInspect checks (splunk-appinspect's
/// <c>checks/check_app_configuration_file.py</c>, <c>check_meta_configuration_file.py</c>,
/// <c>check_application_structure.py</c> and <c>check_packaging_standards.py</c>) that tag it for Splunk Cloud and
/// self-service installs. Each test quotes the rule it checks.
/// </summary>
public sealed partial class SplunkAppInspectTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-appinspect-").FullName;
    private readonly Dictionary<string, byte[]> _files;
    private readonly List<(string Name, UnixFileMode Mode, TarEntryType Type)> _entries = [];

    public SplunkAppInspectTests()
    {
        string package = Path.Combine(_dir, "esabridge.spl");
        var run = CliRun.Of(["export", "splunk-app", "--output", package]);
        Assert.Equal(0, run.ExitCode);
        _files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(new GZipStream(File.OpenRead(package), CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry)
        {
            _entries.Add((entry.Name, entry.Mode, entry.EntryType));
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                _files[entry.Name] = content.ToArray();
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// check_that_setup_has_not_been_performed (tags splunk_appinspect, cloud): "The app.conf [install] stanza has the
    /// `is_configured` property set to true. This property indicates that a setup was already performed." (a failure).
    /// </summary>
    [Fact]
    public void TheAppDoesNotClaimASetupWasAlreadyPerformed()
    {
        var app = Conf("esabridge/default/app.conf");

        Assert.False(app.TryGetValue("install", out var install) && install.TryGetValue("is_configured", out string? configured) && IsTrue(configured),
            "[install] is_configured is true");
    }

    /// <summary>
    /// check_app_icon_is_png / check_app_icon_dimensions and the _2x pair: "static/appIcon.png does not exist.",
    /// "static/appIcon.png should be 36x36 or less", "static/appIcon_2x must be a png file", 72x72 or less.
    /// </summary>
    [Theory]
    [InlineData("esabridge/static/appIcon.png", 36)]
    [InlineData("esabridge/static/appIcon_2x.png", 72)]
    public void TheLauncherIconsArePngsOfTheirSize(string path, int size)
    {
        Assert.True(_files.TryGetValue(path, out byte[]? png), $"{path} is not in the package");

        var (width, height) = PngSize(png!);
        Assert.Equal((size, size), (width, height));
    }

    /// <summary>
    /// check_for_valid_package_id: "No [id] stanza specified in app.conf"; [package] id must match the uncompressed
    /// directory's name and the [id] stanza's name. check_version_is_valid_semver: "A `version` attribute formatted as a
    /// valid semver 2.0.0 string is required in the `[id]` stanza" (and [launcher]); "All version numbers specified in
    /// an app must match."
    /// </summary>
    [Fact]
    public void TheIdStanzaNamesTheAppFolderAndCarriesTheSameSemverAsTheLauncher()
    {
        var app = Conf("esabridge/default/app.conf");
        string folder = _entries[0].Name.TrimEnd('/');

        Assert.Equal(folder, app["package"]["id"]);
        Assert.Equal(folder, app["id"]["name"]);
        Assert.Matches(Semver(), app["id"]["version"]);
        Assert.Matches(Semver(), app["launcher"]["version"]);
        Assert.Equal(app["launcher"]["version"], app["id"]["version"]);
        Assert.DoesNotMatch(Semver(), "1.0");
    }

    /// <summary>
    /// check_kos_are_accessible: "The 'admin' role is not available to Splunk Cloud customers. Please consider also
    /// including the 'sc_admin' role"; check_meta_default_write_access: the global stanza must set access, and its
    /// write must not let any authenticated user (<c>*</c>) change the app's objects.
    /// </summary>
    [Fact]
    public void EveryGrantToAdminAlsoGrantsScAdminAndOnlyRolesMayWrite()
    {
        var meta = Conf("esabridge/metadata/default.meta");

        Assert.True(meta.ContainsKey(string.Empty) && meta[string.Empty].ContainsKey("access"), "no global [] stanza with access");
        foreach (var (stanza, settings) in meta)
        {
            if (!settings.TryGetValue("access", out string? access))
            {
                continue;
            }

            var read = Roles(access, "read");
            var write = Roles(access, "write");
            Assert.False(read.Contains("admin") && !read.Contains("sc_admin"), $"[{stanza}] read grants admin without sc_admin");
            Assert.False(write.Contains("admin") && !write.Contains("sc_admin"), $"[{stanza}] write grants admin without sc_admin");
            Assert.DoesNotContain("*", write);
        }
    }

    /// <summary>
    /// check_that_extracted_splunk_app_does_not_contain_invalid_directories / ..._files_with_invalid_permissions:
    /// folders must be owner rwx (700), files owner rw (600); check_for_prohibited_files: no .git*, .DS_Store.
    /// </summary>
    [Fact]
    public void ThePackageHasOnlyReadableFilesAndNoDeveloperLeftovers()
    {
        const UnixFileMode OwnerRwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode OwnerRw = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.All(_entries.Where(e => e.Type == TarEntryType.Directory), e => Assert.Equal(OwnerRwx, e.Mode & OwnerRwx));
        Assert.All(_entries.Where(e => e.Type == TarEntryType.RegularFile), e => Assert.Equal(OwnerRw, e.Mode & OwnerRw));
        Assert.All(_entries, e => Assert.DoesNotMatch(@"(^|/)(\.git|\.DS_Store|\._|__pycache__)", e.Name));
    }

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature (the check reads the file type, not the name).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan().StartsWith(signature), "not a PNG");
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The roles of one side of a .meta access line, <c>read : [ * ], write : [ admin, sc_admin ]</c>.</summary>
    private static HashSet<string> Roles(string access, string side)
    {
        var match = Regex.Match(access, side + @"\s*:\s*\[([^\]]*)\]");
        return match.Success ? [.. match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : [];
    }

    /// <summary>splunkd's normalizeBoolean, which the check applies: 1, true, yes, on (any case) are true.</summary>
    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "t" or "y" or "on";

    private Dictionary<string, Dictionary<string, string>> Conf(string path) => ConfReader.Read(Encoding.UTF8.GetString(_files[path]));

    /// <summary>The regular expression semver.org gives for a Semantic Versioning 2.0.0 string.</summary>
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex Semver();
}
