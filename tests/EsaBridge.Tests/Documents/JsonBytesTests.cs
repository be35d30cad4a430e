using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EsaBridge.Core.Documents;

namespace EsaBridge.Tests.Documents;

/// <summary>
/// The document writer's values are exactly what <see cref="Utf8JsonWriter"/> with the relaxed encoder writes, whatever
/// the length of the text and wherever in it a character to escape stands (the plain-text copy works in chunks of
/// 4, 8 and 16 bytes and in overlapping tails).
/// </summary>
public class JsonBytesTests
{
    private static readonly string[] Specials = ["\"", "\\", "\n", "\u0001", "\u007f", "é", "€", "😀", "<", "&", "'"];

    [Fact]
    public void TextOfEveryLengthWithASpecialCharacterAnywhereIsWrittenAsTheJsonWriterWritesIt()
    {
        for (int length = 0; length <= 40; length++)
        {
            string plain = new([.. Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26)))]);
            AssertSameAsJsonWriter(plain);
            for (int at = 0; at < length; at++)
            {
                foreach (string special in Specials)
                {
                    AssertSameAsJsonWriter(plain[..at] + special + plain[(at + 1)..]);
                }
            }
        }
    }

    /// <summary>
    /// Every character of the Basic Multilingual Plane (surrogates aside) and a sample of the others, alone and between
    /// plain text, written from UTF-8 bytes as the JSON writer writes the decoded string: those the encoder lets through
    /// are copied as they are, the rest escaped.
    /// </summary>
    [Fact]
    public void EveryCharacterFromUtf8IsWrittenAsTheJsonWriterWritesIt()
    {
        var scalars = Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF)
            .Concat([0x10000, 0x1F600, 0x1F4E7, 0x20000, 0xE0001, 0x10FFFF]);
        foreach (int scalar in scalars)
        {
            string character = char.ConvertFromUtf32(scalar);
            AssertSameAsJsonWriter(character);
            AssertSameAsJsonWriter("Re: caf" + character + "s and more text past the 32-byte copy");
        }
    }

    /// <summary>Bytes that are not UTF-8 (cut sequences, overlong forms, surrogates): what the decoder makes of them
    /// (U+FFFD), as before; never copied as they are.</summary>
    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3 })]
    [InlineData(new byte[] { 0xC3, 0x28, 0x61 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 })]
    public void BytesThatAreNotUtf8AreWrittenAsTheirDecodedText(byte[] bytes)
    {
        var json = new JsonBytes(new byte[4]);
        json.String(bytes);
        var expected = new JsonBytes(new byte[4]);
        expected.String(Encoding.UTF8.GetString(bytes));
        Assert.Equal(Encoding.UTF8.GetString(expected.Written), Encoding.UTF8.GetString(json.Written));
        Assert.Contains("\uFFFD", Encoding.UTF8.GetString(json.Written), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(1_000_000_000L)]
    public void NumbersAreWrittenAsTheirInvariantText(long value) => Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Number(value));

    [Fact]
    public void NumbersAroundEveryPowerOfTenAreWrittenAsTheirInvariantText()
    {
        for (long power = 1; power <= 1_000_000_000_000_000_000L; power *= 10)
        {
            foreach (long value in new[] { power - 1, power, power + 1, -power })
            {
                Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Number(value));
            }
        }
    }

    [Fact]
    public void StringsThatComeBackAtTheSameSiteAreWrittenAsWhenFirstSeen()
    {
        // The writer keeps a site's recent string with its JSON: strings that take turns at one site, short and long
        // (past the 32-byte copies), one of them with escapes, each come back in every order.
        string[] texts = ["deliver", new('x', 70), "caf\u00e9 \"quoted\"", "drop"];
        int[] order = [0, 1, 0, 1, 2, 0, 2, 2, 1, 3, 0, 3, 1, 2, 3, 3, 0];
        var remembered = new JsonBytes(new byte[4]);
        var fresh = new JsonBytes(new byte[4]);
        foreach (int i in order)
        {
            remembered.String(texts[i], StringSites.Spam);
            remembered.Raw((byte)',');
            fresh.String(texts[i]);
            fresh.Raw((byte)',');
        }

        Assert.Equal(Encoding.UTF8.GetString(fresh.Written), Encoding.UTF8.GetString(remembered.Written));
        Assert.Contains("\"caf\u00e9 \\\"quoted\\\"\"", Encoding.UTF8.GetString(remembered.Written), StringComparison.Ordinal);
    }

    private static void AssertSameAsJsonWriter(string text)
    {
        var expected = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStringValue(text);
        }

        var fromString = new JsonBytes(new byte[4]);
        fromString.String(text);
        var fromUtf8 = new JsonBytes(new byte[4]);
        fromUtf8.String(Encoding.UTF8.GetBytes(text));
        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(fromString.Written));
        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(fromUtf8.Written));
    }

    private static string Number(long value)
    {
        var json = new JsonBytes(new byte[4]);
        json.Number(value);
        return Encoding.ASCII.GetString(json.Written);
    }
}
