using System.Globalization;
using System.IO.Hashing;

namespace EsaBridge.Inputs.Tailing;

/// <summary>Identity of a file: the XxHash3 of its first <see cref="Length"/> bytes (its first complete lines).</summary>
internal readonly record struct FileFingerprint(ulong Hash, int Length)
{
    public string HashText => Hash.ToString("x16", CultureInfo.InvariantCulture);

    public static FileFingerprint Of(ReadOnlySpan<byte> head) => new(XxHash3.HashToUInt64(head), head.Length);

    public static bool TryParseHash(string text, out ulong hash) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash) && text.Length == 16;

    /// <summary>The part of <paramref name="head"/> that identifies the file: up to <paramref name="lines"/> complete
    /// lines within <paramref name="maxBytes"/>, or the first <paramref name="maxBytes"/> bytes when the first line
    /// is longer. 0 when not even one line is complete. <paramref name="final"/> is false while more lines could
    /// still extend it.</summary>
    public static int RegionLength(ReadOnlySpan<byte> head, int lines, int maxBytes, out bool final)
    {
        int end = 0;
        int count = 0;
        while (count < lines)
        {
            int newline = head[end..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            int next = end + newline + 1;
            if (next > maxBytes)
            {
                final = true;
                return count == 0 ? maxBytes : end;
            }

            end = next;
            count++;
        }

        if (count == 0 && head.Length >= maxBytes)
        {
            final = true;
            return maxBytes;
        }

        final = count == lines || head.Length >= maxBytes;
        return end;
    }

    public override string ToString() => $"{HashText}/{Length}";
}
