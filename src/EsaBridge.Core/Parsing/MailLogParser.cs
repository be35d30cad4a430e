using System.Runtime.CompilerServices;

namespace EsaBridge.Core.Parsing;

/// <summary>One line of an ESA text mail log in, one typed <see cref="ParsedLine"/> out. Never throws on input.</summary>
public sealed class MailLogParser
{
    private readonly LineHeaderParser _header;

    public MailLogParser(ParserOptions options)
    {
        _header = new LineHeaderParser(options);
    }

    /// <param name="line">The line's bytes without the line break (a trailing CR is ignored).</param>
    /// <remarks>Inline in the reader's loop: a call of its own per line for a few instructions of its own.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Parse(ReadOnlySpan<byte> line, out ParsedLine result)
    {
        result = default;
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        int body = _header.Parse(line, ref result);
        result.Kind = body >= 0 ? MessageBodyParser.Parse(line, body, ref result)
            : body == LineHeaderParser.NotAMailLogLine ? LineKind.NotUsed
            : LineKind.Malformed;
    }
}
