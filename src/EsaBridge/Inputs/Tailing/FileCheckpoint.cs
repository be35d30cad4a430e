using System.Text.Json.Serialization;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Where reading of one file stands: the bytes up to <see cref="Offset"/> (decompressed bytes for a .gz) were
/// handed over as complete lines. The file is found again by its fingerprint, whatever its path is by then.</summary>
/// <param name="Fingerprint">XxHash3 of the first <paramref name="FingerprintLength"/> bytes, 16 hex digits.</param>
/// <param name="Path">The last path the file was seen under (informational; identity is the fingerprint).</param>
/// <param name="Done">A .gz file read to its end: never read again.</param>
internal sealed record FileCheckpoint(string Fingerprint, int FingerprintLength, string Path, long Offset, bool Done, string? Host);

[JsonSerializable(typeof(List<FileCheckpoint>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class TailerJsonContext : JsonSerializerContext;
