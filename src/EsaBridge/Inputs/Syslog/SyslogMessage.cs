using System.Net;

namespace EsaBridge.Inputs.Syslog;

/// <summary>One syslog message as received (RFC 3164 or 5424, untouched but for a trailing line break), or, when <see
/// cref="Oversized"/>, the place of a message over the size limit that was dropped.</summary>
internal sealed record SyslogMessage(byte[] Payload, int Length, EndPoint Remote, bool Oversized = false)
{
    public ReadOnlySpan<byte> Span => Payload.AsSpan(0, Length);

    /// <summary>A message from received bytes; null for an empty one (a blank line or keep-alive).</summary>
    public static SyslogMessage? From(ReadOnlySpan<byte> bytes, EndPoint remote)
    {
        var trimmed = bytes.TrimEnd("\r\n\0"u8);
        return trimmed.IsEmpty ? null : new SyslogMessage(trimmed.ToArray(), trimmed.Length, remote);
    }

    public static SyslogMessage TooLong(EndPoint remote) => new([], 0, remote, Oversized: true);
}
