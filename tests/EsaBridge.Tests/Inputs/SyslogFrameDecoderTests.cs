using System.Text;
using EsaBridge.Inputs.Syslog;

namespace EsaBridge.Tests.Inputs;

public class SyslogFrameDecoderTests
{
    private const string Rfc3164 = "<22>Aug 14 10:15:02 esa1.example.com mail_logs: Info: ICID 10278 close";
    private const string Rfc5424 = "<22>1 2014-08-14T10:15:02Z esa2.example.com mail_logs - - - Info: ICID 10279 close";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void BothFramingsInOneStreamWhateverTheChunks(int chunk)
    {
        string stream = $"{Rfc3164}\n{Octets(Rfc5424)}{Rfc3164}\r\n{Octets(Rfc3164)}{Octets("<13>x")}\n{Rfc5424}";

        var frames = Decode(stream, chunk, max: 1024, out var oversized, out var error);

        Assert.Equal([Rfc3164, Rfc5424, Rfc3164 + "\r", Rfc3164, "<13>x", "", Rfc5424], frames);
        Assert.Equal(0, oversized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public void FramesOverTheLimitAreSkippedAndCounted(int chunk)
    {
        string big = "<13>" + new string('x', 300);
        string stream = $"{Octets(big)}{Octets("<13>a")}{big}\nb\n{Octets(big)}";

        var frames = Decode(stream, chunk, max: 100, out var oversized, out var error);

        Assert.Equal(["<13>a", "b"], frames);
        Assert.Equal(3, oversized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("12x <13>hello", "followed by 0x78")]
    [InlineData("0 ", "octet count of 0")]
    [InlineData("12345678901 x", "longer than 10 digits")]
    [InlineData("20 <13>short", "ended inside a frame of 20 octets")]
    [InlineData("20", "ended inside an octet count")]
    public void BadOctetCountsStopTheStream(string stream, string message)
    {
        Decode(stream, 4096, max: 1024, out _, out var error);

        Assert.NotNull(error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void AnOctetCountNotFollowedByASyslogMessageStopsTheStreamAtOnce(int chunk)
    {
        // A newline-framed message that happens to start with a number and a space.
        string stream = $"{Octets(Rfc3164)}100 apples\n{Rfc5424}\n{Rfc3164}\n";

        var frames = Decode(stream, chunk, max: 1024, out _, out var error);

        Assert.Equal([Rfc3164], frames);
        Assert.Equal("the octet count 100 is followed by 0x61, not by a syslog message (<PRI>)", error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void AnOctetCountLongerThanItsFrameStopsTheStreamInsteadOfSwallowingTheNextFrames(int chunk)
    {
        // 40 octets claimed for "<13>short": the count runs into the next two messages and ends inside the third ("third m|e").
        string stream = $"{Octets(Rfc3164)}40 <13>short\n<13>second message\n<13>third message\n{Rfc5424}\n";

        var frames = Decode(stream, chunk, max: 1024, out _, out var error);

        Assert.StartsWith("the octet count 40 does not match its frame: what follows it (\"e", error, StringComparison.Ordinal);
        Assert.Equal(Rfc3164, frames[0]);
        Assert.DoesNotContain(Rfc5424, frames);
        if (chunk == 4096)
        {
            // When the byte after the frame is already there, the wrong frame is not passed on either.
            Assert.Equal([Rfc3164], frames);
        }
    }

    [Fact]
    public void AnOctetCountFarOverTheLimitIsNotBelieved()
    {
        // Skipping 2 GB would swallow everything the sender sends after it.
        var frames = Decode($"{Octets(Rfc3164)}2000000000 <13>x\n{Rfc5424}\n", 4096, max: 1024, out var oversized, out var error);

        Assert.Equal([Rfc3164], frames);
        Assert.Equal(0, oversized);
        Assert.Equal("an octet count of 2000000000, over 1048576: not a frame length", error);
    }

    private static string Octets(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    private static List<string> Decode(string stream, int chunk, int max, out int oversized, out string? error)
    {
        byte[] input = Encoding.UTF8.GetBytes(stream);
        var decoder = new SyslogFrameDecoder(max);
        var buffer = new byte[decoder.BufferBytes];
        var frames = new List<string>();
        oversized = 0;
        error = null;
        int start = 0;
        int end = 0;
        int fed = 0;
        while (true)
        {
            int take = Math.Min(chunk, Math.Min(input.Length - fed, buffer.Length - end));
            input.AsSpan(fed, take).CopyTo(buffer.AsSpan(end));
            fed += take;
            end += take;
            bool endOfStream = fed == input.Length;
            while (true)
            {
                var status = decoder.Next(buffer.AsSpan(start, end - start), endOfStream, out int consumed, out int frameStart, out int length);
                if (status == FrameStatus.Frame)
                {
                    frames.Add(Encoding.UTF8.GetString(buffer, start + frameStart, length));
                }

                start += consumed;
                if (status == FrameStatus.Oversized)
                {
                    oversized++;
                }
                else if (status == FrameStatus.Error)
                {
                    error = decoder.Error;
                    return frames;
                }
                else if (status == FrameStatus.NeedMore)
                {
                    break;
                }
            }

            if (endOfStream)
            {
                return frames;
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }
}
