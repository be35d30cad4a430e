using EsaBridge.Core.Documents;

namespace EsaBridge.Tests.Documents;

public sealed class AsciiCaseTests
{
    /// <summary>
    /// Every byte value at every position of texts of each length around the two block sizes (8 and 16 bytes), in
    /// texts of every other kind of byte: only A-Z change, to a-z, whichever block (or overlapping last block) holds them.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(23)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(47)]
    public void ToLower_changes_only_ASCII_capitals_at_every_position(int length)
    {
        byte[][] backgrounds =
        [
            [.. Enumerable.Repeat((byte)'Q', length)],
            [.. Enumerable.Range(0, length).Select(i => (byte)(i * 37))],
            [.. Enumerable.Range(0, length).Select(i => (byte)(0x80 + (i * 11 % 0x80)))],
        ];
        foreach (byte[] background in backgrounds)
        {
            for (int position = 0; position < Math.Max(length, 1); position++)
            {
                for (int value = 0; value < 256; value++)
                {
                    byte[] text = [.. background];
                    if (length > 0)
                    {
                        text[position] = (byte)value;
                    }

                    byte[] expected = [.. text.Select(b => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b)];
                    AsciiCase.ToLower(text);
                    Assert.Equal(expected, text);
                }
            }
        }
    }

    /// <summary>A domain as written in its JSON quotes: an escape stays the same character (<c>\u00C9</c> is
    /// <c>\u00c9</c>), UTF-8 of other characters (É) stays as it is.</summary>
    [Fact]
    public void ToLower_leaves_UTF8_and_JSON_escapes_meaning_what_they_meant() =>
        Assert.Equal("\"m\\u00c9l.\u00c9cole.example\""u8.ToArray(), Lowered("\"M\\u00C9L.\u00c9COLE.EXAMPLE\""u8.ToArray()));

    private static byte[] Lowered(byte[] text)
    {
        AsciiCase.ToLower(text);
        return text;
    }
}
