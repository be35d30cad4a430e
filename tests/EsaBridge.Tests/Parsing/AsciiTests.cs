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
}
