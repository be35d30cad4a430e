using System.Diagnostics;

namespace EsaBridge.Core.Parsing;

/// <summary>A slice of the line's bytes, kept as offsets so parsing allocates nothing.</summary>
public readonly record struct TextRange(int Start, int Length)
{
    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> line)
    {
        Debug.Assert(Start >= 0 && Length >= 0 && Start + Length <= line.Length, "a range inside its line");
        return line.Slice(Start, Length);
    }

    public string ToString(ReadOnlySpan<byte> line) => System.Text.Encoding.UTF8.GetString(line.Slice(Start, Length));
}
