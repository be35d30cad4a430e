using System.Globalization;
using System.Text;
using CsCheck;
using EsaBridge.Core.Documents;

namespace EsaBridge.Tests.Documents;

public class IsoTimeTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(1408014336L, "2014-08-14T11:05:36Z")]
    [InlineData(951782400L, "2000-02-29T00:00:00Z")]
    [InlineData(253402300799L, "9999-12-31T23:59:59Z")]
    public void KnownInstants(long seconds, string expected) => Assert.Equal(expected, IsoTime.ToString(seconds));

    [Fact]
    public void AgreesWithDateTimeEverywhere()
    {
        Gen.Long[0, 253402300799L].Sample(seconds =>
            IsoTime.ToString(seconds) == DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FormattingAfterAnotherTimeGivesTheSameBytes()
    {
        // The writer keeps the last time it wrote and rewrites only the time of day within the same day.
        var day = Gen.Long[0, 253402300799L / 86400];
        var pairs = Gen.Select(day, Gen.Long[0, 86399], Gen.Long[-86400 * 2, 86400 * 2])
            .Select((d, ofDay, step) => (Previous: (d * 86400) + ofDay, Next: Math.Clamp((d * 86400) + ofDay + step, 0, 253402300799L)));
        pairs.Sample(pair =>
        {
            byte[] buffer = new byte[IsoTime.Length];
            IsoTime.Format(pair.Previous, buffer);
            IsoTime.FormatAfter(pair.Next, pair.Previous, buffer);
            return Encoding.ASCII.GetString(buffer) == IsoTime.ToString(pair.Next);
        });
    }

    [Fact]
    public void FormattingAfterNothingFormatsEverything()
    {
        byte[] buffer = new byte[IsoTime.Length];
        IsoTime.FormatAfter(1408014336L, long.MinValue, buffer);
        Assert.Equal("2014-08-14T11:05:36Z", Encoding.ASCII.GetString(buffer));
    }
}
