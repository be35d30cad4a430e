using System.Text;
using Ascii = EsaBridge.Core.Parsing.Ascii;

namespace EsaBridge.Tests.Parsing;

public sealed class AsciiTests
{
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
