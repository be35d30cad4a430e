using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EsaBridge.Core.Parsing;

/// <summary>Small span helpers for the hot path: no allocation, no regex.</summary>
internal static class Ascii
{
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>Whether every byte is printable ASCII (0x20-0x7E), as <c>IndexOfAnyExceptInRange(0x20, 0x7E) &lt; 0</c>.</summary>
    /// <remarks>
    /// Each line is checked once (<see cref="LineHeaderParser"/>). Only yes or no is needed, not where: one add and one
    /// compare per 32 bytes, or-ed together, the last block overlapping the one before, one test at the end. The
    /// runtime's search for the first such byte took 54 instructions a line of 92 bytes on average, 2.8 % of
    /// <c>parse</c>'s (docs/PERFORMANCE.md, issue 18).
    /// </remarks>
    public static bool IsPrintable(ReadOnlySpan<byte> s) =>
        Vector256.IsHardwareAccelerated && s.Length >= Vector256<byte>.Count ? IsPrintable256(s)
        : Vector128.IsHardwareAccelerated && s.Length >= Vector128<byte>.Count ? IsPrintable128(s)
        : IsPrintableByByte(s);

    // b + 0x60 maps 0x20-0x7E onto -128..-34 as a signed byte and every other byte above -34. The two widths are the
    // same loop: x64 takes 32 bytes at a time, Arm64 (the arm64 container image) 16.

    /// <summary><see cref="IsPrintable"/> for at least 32 bytes.</summary>
    /// <remarks>Inline in the header parser's common path, which then calls nothing and saves no registers
    /// (docs/PERFORMANCE.md, issue 18).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsPrintable256(ReadOnlySpan<byte> s)
    {
        Debug.Assert(s.Length >= Vector256<byte>.Count, "a whole vector");
        ref byte start = ref MemoryMarshal.GetReference(s);
        var shift = Vector256.Create((sbyte)0x60);
        var highest = Vector256.Create((sbyte)-34);
        var outside = Vector256<sbyte>.Zero;
        nuint last = (nuint)(s.Length - Vector256<byte>.Count);
        for (nuint i = 0; i < last; i += (nuint)Vector256<byte>.Count)
        {
            outside |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, i).AsSByte() + shift, highest);
        }

        outside |= Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, last).AsSByte() + shift, highest);
        return outside == Vector256<sbyte>.Zero;
    }

    /// <summary><see cref="IsPrintable"/> for at least 16 bytes.</summary>
    internal static bool IsPrintable128(ReadOnlySpan<byte> s)
    {
        Debug.Assert(s.Length >= Vector128<byte>.Count, "a whole vector");
        ref byte start = ref MemoryMarshal.GetReference(s);
        var shift = Vector128.Create((sbyte)0x60);
        var highest = Vector128.Create((sbyte)-34);
        var outside = Vector128<sbyte>.Zero;
        nuint last = (nuint)(s.Length - Vector128<byte>.Count);
        for (nuint i = 0; i < last; i += (nuint)Vector128<byte>.Count)
        {
            outside |= Vector128.GreaterThan(Vector128.LoadUnsafe(ref start, i).AsSByte() + shift, highest);
        }

        outside |= Vector128.GreaterThan(Vector128.LoadUnsafe(ref start, last).AsSByte() + shift, highest);
        return outside == Vector128<sbyte>.Zero;
    }

    internal static bool IsPrintableByByte(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if ((uint)(b - 0x20) > 0x7E - 0x20)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads digits at <paramref name="pos"/>. False when there is none or the value overflows a long.</summary>
    /// <remarks>The common number (a MID, an ICID, a size: fewer than 8 digits, 8 bytes of line left) inline, longer
    /// ones and the end of a line in <see cref="TryReadLongDigitByDigit"/>: the two in one method spilled registers on
    /// the common path.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadLong(ReadOnlySpan<byte> s, ref int pos, out long value)
    {
        int start = pos;
        if ((uint)start <= (uint)s.Length && s.Length - start >= sizeof(ulong))
        {
            // Up to 8 digits read at once, without a branch per digit and its mispredicted end: TryReadLong went from
            // 2.7-3.0 to 1.6-1.7 % of native parse's samples (docs/PERFORMANCE.md, issue 18).
            ulong eight = BinaryPrimitives.ReadUInt64LittleEndian(s[start..]);
            int digits = LeadingDigits(eight);
            if (digits == 0)
            {
                value = 0;
                return false;
            }

            if (digits < sizeof(ulong))
            {
                pos = start + digits;
                value = (long)EightDigits(eight << (8 * (sizeof(ulong) - digits)));
                return true;
            }

            // A ninth digit or more (a large MID): on from the eight already read.
            return TryReadLongDigitByDigit(s, ref pos, start + sizeof(ulong), (long)EightDigits(eight), out value);
        }

        return TryReadLongDigitByDigit(s, ref pos, start, 0, out value);
    }

    /// <param name="i">Where the digits not yet read start.</param>
    /// <param name="v">The value of the digits from <paramref name="pos"/> to <paramref name="i"/>.</param>
    private static bool TryReadLongDigitByDigit(ReadOnlySpan<byte> s, ref int pos, int i, long v, out long value)
    {
        int start = pos;

        // 18 digits cannot overflow a long: no check (a division) per digit until then. Part of the parser change that
        // cut parse's CPU by 25-30 % (docs/PERFORMANCE.md, "Parsing").
        int unchecked18 = Math.Min(s.Length, start + 18);
        while (i < unchecked18 && IsDigit(s[i]))
        {
            v = (v * 10) + (s[i] - '0');
            i++;
        }

        while (i < s.Length && IsDigit(s[i]))
        {
            long digit = s[i] - '0';
            if (v > (long.MaxValue - digit) / 10)
            {
                pos = i;
                value = v;
                return false;
            }

            v = (v * 10) + digit;
            i++;
        }

        pos = i;
        value = v;
        return i > start;
    }

    /// <summary>How many of the 8 bytes (first byte lowest) are ASCII digits before the first other byte: a digit's
    /// high nibble is 3, and adding 6 leaves it 3. A carry out of a byte of 0xFA or more only reaches later bytes,
    /// after that non-digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LeadingDigits(ulong bytes)
    {
        ulong highNibbleNot3 = (bytes & 0xF0F0F0F0F0F0F0F0) ^ 0x3030303030303030;
        ulong lowNibbleOver9 = ((bytes + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) ^ 0x3030303030303030;
        return BitOperations.TrailingZeroCount(highNibbleNot3 | lowNibbleOver9) >> 3;
    }

    /// <summary>The value of 8 digits, first byte lowest (zero bytes count as leading zeros): pairs, then fours, then
    /// eights combined by three multiplies (Lemire's "parse eight digits").</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong digits)
    {
        digits = ((digits & 0x0F0F0F0F0F0F0F0F) * ((10 << 8) + 1)) >> 8;
        digits = ((digits & 0x00FF00FF00FF00FF) * ((100 << 16) + 1)) >> 16;
        return ((digits & 0x0000FFFF0000FFFF) * ((10000UL << 32) + 1)) >> 32;
    }

    /// <summary>
    /// A short decimal such as an SBRS score (<c>-3.5</c>, <c>10.0</c>, <c>7</c>): an optional minus, 1-15 digits, and
    /// if a point, 1-6 digits after it. The same double <c>Utf8Parser.TryParse</c> reads: the digits as a whole number
    /// (exact below 2^53) divided by a power of ten (exact up to 10^22), one correctly rounded division. False for
    /// any other form, which the caller then leaves to <c>Utf8Parser</c>.
    /// </summary>
    /// <remarks><c>Utf8Parser</c>'s general number reader took 400 instructions a policy line (0.7 % of
    /// <c>parse</c>'s on the 40 MB slice; docs/PERFORMANCE.md, issue 18).</remarks>
    public static bool TryParseShortDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = s.Length > 0 && s[0] == '-' ? 1 : 0;
        int start = i;
        long digits = 0;
        int point = -1;
        for (; i < s.Length; i++)
        {
            byte b = s[i];
            if (IsDigit(b))
            {
                digits = (digits * 10) + (b - '0');
            }
            else if (b == '.' && point < 0 && i > start)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        int count = s.Length - start - (point < 0 ? 0 : 1);
        int decimals = point < 0 ? 0 : s.Length - point - 1;
        if (count is 0 or > 15 || (point >= 0 && decimals is 0 or > 6))
        {
            return false;
        }

        value = digits / PowersOfTen[decimals];
        if (start == 1)
        {
            value = -value;
        }

        return true;
    }

    private static ReadOnlySpan<double> PowersOfTen => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Reads exactly <paramref name="count"/> digits.</summary>
    public static bool TryReadFixed(ReadOnlySpan<byte> s, int pos, int count, out int value)
    {
        value = 0;
        if (pos + count > s.Length)
        {
            return false;
        }

        for (int i = pos; i < pos + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Follows(ReadOnlySpan<byte> s, int pos, ReadOnlySpan<byte> literal) =>
        pos <= s.Length && s[pos..].StartsWith(literal);

    /// <summary>
    /// When <paramref name="literal"/> is at <paramref name="pos"/>, moves <paramref name="pos"/> past it and returns
    /// true; otherwise leaves it where it was. The parser's way to step over fixed text without counting its bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SkipLiteral(ReadOnlySpan<byte> s, ref int pos, ReadOnlySpan<byte> literal)
    {
        Debug.Assert(pos >= 0, "a position inside the line");
        if (!Follows(s, pos, literal))
        {
            return false;
        }

        pos += literal.Length;
        return true;
    }

    /// <summary>
    /// Index just after the first <paramref name="label"/> at or after <paramref name="from"/>, else just after the
    /// first <paramref name="otherLabel"/> (a line's other spelling); -1 when neither is there.
    /// </summary>
    public static int AfterEitherLabel(ReadOnlySpan<byte> s, int from, ReadOnlySpan<byte> label, ReadOnlySpan<byte> otherLabel)
    {
        int at = s[from..].IndexOf(label);
        if (at >= 0)
        {
            return from + at + label.Length;
        }

        at = s[from..].IndexOf(otherLabel);
        return at < 0 ? -1 : from + at + otherLabel.Length;
    }

    /// <summary>Index of the next space at or after <paramref name="pos"/>, or the end.</summary>
    public static int TokenEnd(ReadOnlySpan<byte> s, int pos)
    {
        int i = s[pos..].IndexOf((byte)' ');
        return i < 0 ? s.Length : pos + i;
    }

    public static int SkipSpaces(ReadOnlySpan<byte> s, int pos)
    {
        while (pos < s.Length && s[pos] == ' ')
        {
            pos++;
        }

        return pos;
    }

    /// <summary>End of the text once trailing spaces and tabs are dropped.</summary>
    public static int TrimEnd(ReadOnlySpan<byte> s, int start, int end)
    {
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        {
            end--;
        }

        return end;
    }

    public static TextRange Range(int start, int end)
    {
        Debug.Assert(0 <= start && start <= end, $"a range from {start} to {end}");
        return new(start, end - start);
    }
}
