using EsaBridge.Cli;

namespace EsaBridge.Tests.Cli;

public class ValueParserTests
{
    [Theory]
    [InlineData("5MB", 5L << 20)]
    [InlineData("512kb", 512L << 10)]
    [InlineData("1GB", 1L << 30)]
    [InlineData("1000", 1000L)]
    public void Sizes(string text, long bytes) => Assert.Equal(bytes, ValueParsers.Size("--x", text));

    [Theory]
    [InlineData("")]
    [InlineData("-1MB")]
    [InlineData("lots")]
    [InlineData("99999999999999GB")]
    public void BadSizesAreUsageErrors(string text) => Assert.Throws<UsageException>(() => ValueParsers.Size("--x", text));

    [Theory]
    [InlineData("7d", 7 * 86400)]
    [InlineData("12h", 12 * 3600)]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1.00:00:00", 86400)]
    public void Durations(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), ValueParsers.Duration("--x", text));
}
