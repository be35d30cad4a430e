using System.Text;
using Ascii = EsaBridge.Core.Parsing.Ascii;

namespace EsaBridge.Tests.Parsing;

public sealed class AsciiTests
{
    /// <summary>
    /// Every byte value at every position of lines of each length around the vector widths (16 and 32) and the
    /// average line, against the runtime's own search: one byte outside 0x20-0x7E anywhere, in a full block or the
    /// overlapping last one, makes the line not printable.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(48)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(92)]
    [InlineData(130)]
    public void IsPrintable_agrees_with_the_runtime_for_every_byte_at_every_position(int length)
    {
        // Each width on its own as well, so the 16-byte loop that Arm64 takes is checked on an x64 machine too.
        var widths = new List<(string Name, Func<byte[], bool> Check)> { ("chosen", line => Ascii.IsPrintable(line)), ("by byte", line => Ascii.IsPrintableByByte(line)) };
        if (length >= 16)
        {
            widths.Add(("16 bytes", line => Ascii.IsPrintable128(line)));
        }

        if (length >= 32)
        {
            widths.Add(("32 bytes", line => Ascii.IsPrintable256(line)));
        }

        foreach (var (name, check) in widths)
        {
            Sweep(length, name, check);
        }
    }

    private static void Sweep(int length, string name, Func<byte[], bool> isPrintable)
    {
        var line = Enumerable.Range(0, length).Select(i => (byte)(0x20 + (i % 95))).ToArray();
        Assert.True(isPrintable(line), name);
        for (int position = 0; position < length; position++)
        {
            byte kept = line[position];
            for (int value = 0; value < 256; value++)
            {
                line[position] = (byte)value;
                bool expected = line.AsSpan().IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
                Assert.True(expected == isPrintable(line), $"{name}: byte 0x{value:X2} at {position} of {length}");
            }

            line[position] = kept;
        }
    }

    [Theory]
    [InlineData("0", true, 0L, 1)]
    [InlineData("1404 ICID", true, 1404L, 4)]
    [InlineData("999999999999999999", true, 999_999_999_999_999_999L, 18)]
    [InlineData("9223372036854775807", true, long.MaxValue, 19)]
    [InlineData("9223372036854775807x", true, long.MaxValue, 19)]
    [InlineData("00000000000000000000000000042", true, 42L, 29)]
    [InlineData("9223372036854775808", false, 922_337_203_685_477_580L, 18)]
    [InlineData("99999999999999999999", false, 999_999_999_999_999_999L, 18)]
    [InlineData("x12", false, 0L, 0)]
    [InlineData("", false, 0L, 0)]
    public void TryReadLong_reads_digits_and_refuses_what_overflows(string text, bool ok, long expected, int end)
    {
        int pos = 0;
        Assert.Equal(ok, Ascii.TryReadLong(Encoding.ASCII.GetBytes(text), ref pos, out long value));
        Assert.Equal(expected, value);
        Assert.Equal(end, pos);
    }

    /// <summary>
    /// Each path of the reading: fewer than 8 digits with 8 bytes left (read at once), digits up to the end of a span
    /// with fewer than 8 bytes left, 8 digits or more (read digit by digit from the first), at the start or inside a line.
    /// </summary>
    [Theory]
    [InlineData("7 bytes from", 0, true, 7L, 1)]
    [InlineData("42 bytes from", 0, true, 42L, 2)]
    [InlineData("123 bytes from", 0, true, 123L, 3)]
    [InlineData("1234 ICID 5678", 0, true, 1234L, 4)]
    [InlineData("12345 ICID 5678", 0, true, 12345L, 5)]
    [InlineData("123456 ICID 5678", 0, true, 123456L, 6)]
    [InlineData("1234567 ICID 5678", 0, true, 1234567L, 7)]
    [InlineData("7", 0, true, 7L, 1)]
    [InlineData("42", 0, true, 42L, 2)]
    [InlineData("1234567", 0, true, 1234567L, 7)]
    [InlineData("MID 1234567", 4, true, 1234567L, 11)]
    [InlineData("MID 123 ", 4, true, 123L, 7)]
    [InlineData("12345678", 0, true, 12345678L, 8)]
    [InlineData("12345678 ICID 5", 0, true, 12345678L, 8)]
    [InlineData("123456789", 0, true, 123456789L, 9)]
    [InlineData("123456789 ICID 5", 0, true, 123456789L, 9)]
    [InlineData("12345678901234567", 0, true, 12345678901234567L, 17)]
    [InlineData("12345678901234567 bytes", 0, true, 12345678901234567L, 17)]
    [InlineData("MID 12345678901234567 bytes", 4, true, 12345678901234567L, 21)]
    [InlineData("MID 9223372036854775807 bytes", 4, true, long.MaxValue, 23)]
    [InlineData("MID 9223372036854775808 bytes", 4, false, 922_337_203_685_477_580L, 22)]
    [InlineData("ICID 12345678", 0, false, 0L, 0)]
    [InlineData("MID x1234 ICID 5678", 4, false, 0L, 4)]
    [InlineData("MID 1234 ICID 5678 From", 4, true, 1234L, 8)]
    [InlineData("MID 1234 ICID 5678 From", 14, true, 5678L, 18)]
    [InlineData("MID 1234 ICID 5678", 14, true, 5678L, 18)]
    [InlineData("MID 1234", 8, false, 0L, 8)]
    public void TryReadLong_reads_short_and_long_numbers_at_any_position_and_moves_pos_past_them(
        string text, int start, bool ok, long expected, int end)
    {
        int pos = start;
        Assert.Equal(ok, Ascii.TryReadLong(Encoding.ASCII.GetBytes(text), ref pos, out long value));
        Assert.Equal(expected, value);
        Assert.Equal(end, pos);
    }

    [Fact]
    public void TryReadLong_reads_what_a_digit_by_digit_reading_reads_wherever_the_digits_end()
    {
        // Numbers of every length up to 20 digits, at every offset, followed by every kind of byte (or the end): the
        // 8-bytes-at-once reading must agree with the plain one.
        var random = new Random(18);
        byte[] followers = [(byte)' ', (byte)'/', (byte)':', (byte)'x', 0x00, 0xFA, 0xFF, (byte)'\n'];
        for (int round = 0; round < 20_000; round++)
        {
            int digits = random.Next(0, 21);
            var text = new List<byte>();
            for (int i = random.Next(0, 3); i > 0; i--)
            {
                text.Add((byte)'a');
            }

            int start = text.Count;
            for (int i = 0; i < digits; i++)
            {
                text.Add((byte)('0' + random.Next(10)));
            }

            for (int i = random.Next(0, 10); i > 0; i--)
            {
                text.Add(followers[random.Next(followers.Length)]);
            }

            byte[] bytes = [.. text];
            int pos = start;
            bool ok = Ascii.TryReadLong(bytes, ref pos, out long value);

            var (expectedOk, expectedValue, expectedEnd) = ReadDigitByDigit(bytes, start);
            Assert.Equal((expectedOk, expectedValue, expectedEnd), (ok, value, pos));
        }
    }

    /// <summary>
    /// Every SBRS score a HAT line can carry (-10.0 to 10.0 in tenths, hundredths and thousandths, with and without a
    /// minus and trailing zeros), and the edges of the accepted form: each to the very bits <c>Utf8Parser</c> reads.
    /// </summary>
    [Fact]
    public void TryParseShortDecimal_reads_the_very_double_Utf8Parser_reads()
    {
        var texts = new List<string> { "0", "-0", "0.0", "-0.0", "7", "10", "-10.0", "123456789012345", "99999.999999", "0.000001" };
        for (int thousandths = -10_000; thousandths <= 10_000; thousandths++)
        {
            decimal value = thousandths / 1000m;
            texts.Add(value.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        }

        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            int whole = random.Next(1, 10);
            int decimals = random.Next(0, 7);
            string digits = string.Concat(Enumerable.Range(0, whole + decimals).Select(_ => (char)('0' + random.Next(10))));
            string text = decimals == 0 ? digits : digits[..whole] + "." + digits[whole..];
            texts.Add(random.Next(2) == 0 ? text : "-" + text);
        }

        foreach (string text in texts)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.True(Ascii.TryParseShortDecimal(bytes, out double value), text);
            Assert.True(System.Buffers.Text.Utf8Parser.TryParse(bytes, out double expected, out int consumed), text);
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        }
    }

    /// <summary>What it leaves to <c>Utf8Parser</c> (or to the status the SBRS field also carries: <c>None</c>).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("None")]
    [InlineData("3.")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("+3.5")]
    [InlineData("3.5.1")]
    [InlineData("3,5")]
    [InlineData("1e3")]
    [InlineData(" 3.5")]
    [InlineData("1234567890123456")]
    [InlineData("1.2345678")]
    [InlineData("NaN")]
    public void TryParseShortDecimal_leaves_any_other_form(string text) =>
        Assert.False(Ascii.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out _));

    private static (bool Ok, long Value, int End) ReadDigitByDigit(byte[] bytes, int start)
    {
        long value = 0;
        int i = start;
        while (i < bytes.Length && bytes[i] is >= (byte)'0' and <= (byte)'9')
        {
            int digit = bytes[i] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                return (false, value, i);
            }

            value = (value * 10) + digit;
            i++;
        }

        return (i > start, value, i);
    }
}
