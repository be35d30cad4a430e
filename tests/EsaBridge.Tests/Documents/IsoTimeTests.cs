using System.Globalization;
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
}
