using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using EsaBridge.Inputs.Tailing;
using EsaBridge.StateFiles;

namespace EsaBridge.Checkpoints;

/// <summary>What a restart needs, saved as one unit: where each input stands, the open sessions those positions imply,
/// the spool position before which every document those positions produced lies, and how many syslog messages had been
/// read in all (syslog cannot be read again, so a restart may only go back to a checkpoint with as many). Two are kept
/// (docs/service.md): the newest one every output has acknowledged, from which a restart reads again, and the newest
/// one whose documents are durable in the spool, for when the inputs cannot be read again.</summary>
internal sealed record Checkpoint(long SpoolPosition, byte[] Inputs, byte[] SessionState, long SyslogMessages = 0)
{
    private const uint Magic = 0x4B434245; // "EBCK"
    private const int FormatVersion = 2;
    private const int HeaderBytes = 4 + 4 + 8 + 4 + 4;
    private const int SyslogBytes = 8;

    /// <summary>The checkpoint every output has acknowledged: where a restart reads from.</summary>
    public static string AcknowledgedPath(string stateDirectory) => Path.Combine(stateDirectory, "checkpoint");

    /// <summary>The checkpoint whose documents are all durable in the spool.</summary>
    public static string SpooledPath(string stateDirectory) => Path.Combine(stateDirectory, "spooled-checkpoint");

    /// <summary>Where each tailed file stood.</summary>
    /// <exception cref="JsonException">The inputs part is not what a checkpoint holds.</exception>
    public List<FileCheckpoint> Files() =>
        JsonSerializer.Deserialize(Inputs, TailerJsonContext.Default.ListFileCheckpoint) ?? [];

    public void Save(string path, StateDisk disk)
    {
        byte[] bytes = new byte[HeaderBytes + Inputs.Length + SessionState.Length + SyslogBytes + 4];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], SpoolPosition);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], Inputs.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], SessionState.Length);
        Inputs.CopyTo(span[HeaderBytes..]);
        SessionState.CopyTo(span[(HeaderBytes + Inputs.Length)..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[^(SyslogBytes + 4)..], SyslogMessages);
        BinaryPrimitives.WriteUInt32LittleEndian(span[^4..], Crc32.HashToUInt32(span[..^4]));
        disk.Replace(path, bytes);
    }

    /// <returns>The checkpoint saved at <paramref name="path"/>, or null when there is none.</returns>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or from an unknown version.</exception>
    public static Checkpoint? Load(string path)
    {
        if (AtomicFile.Read(path) is not byte[] bytes)
        {
            return null;
        }

        var span = bytes.AsSpan();
        int version = bytes.Length >= HeaderBytes + 4 ? BinaryPrimitives.ReadInt32LittleEndian(span[4..]) : 0;
        if (version is not (1 or FormatVersion)
            || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic
            || Crc32.HashToUInt32(span[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]))
        {
            throw new InvalidDataException($"checkpoint '{path}' is damaged or from another version; move it away to start over from the inputs' beginning");
        }

        int inputs = BinaryPrimitives.ReadInt32LittleEndian(span[16..]);
        int sessions = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        int trailer = (version == 1 ? 0 : SyslogBytes) + 4;
        if (inputs < 0 || sessions < 0 || HeaderBytes + (long)inputs + sessions + trailer != bytes.Length)
        {
            throw new InvalidDataException($"checkpoint '{path}' is damaged");
        }

        return new Checkpoint(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            span.Slice(HeaderBytes, inputs).ToArray(),
            span.Slice(HeaderBytes + inputs, sessions).ToArray(),
            version == 1 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(span[^(SyslogBytes + 4)..]));
    }
}
