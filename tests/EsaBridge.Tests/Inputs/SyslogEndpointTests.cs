using System.Net;
using EsaBridge.Inputs.Syslog;

namespace EsaBridge.Tests.Inputs;

public class SyslogEndpointTests
{
    [Theory]
    [InlineData("5514", "127.0.0.1:5514")]
    [InlineData(":514", "127.0.0.1:514")]
    [InlineData("0.0.0.0:514", "0.0.0.0:514")]
    [InlineData("192.168.1.10:6514", "192.168.1.10:6514")]
    [InlineData("localhost:514", "127.0.0.1:514")]
    [InlineData("[::1]:514", "[::1]:514")]
    [InlineData("[::]:0", "[::]:0")]
    [InlineData(" 127.0.0.1:0 ", "127.0.0.1:0")]
    public void AcceptedForms(string text, string endpoint) => Assert.Equal(endpoint, SyslogEndpoint.Parse(text).ToString());

    [Fact]
    public void NoAddressMeansLoopback() => Assert.Equal(IPAddress.Loopback, SyslogEndpoint.Parse("514").Address);

    [Theory]
    [InlineData("", "not a port number")]
    [InlineData("syslog", "not a port number")]
    [InlineData("127.0.0.1:65536", "not a port number")]
    [InlineData("127.0.0.1:-1", "not a port number")]
    [InlineData("::1:514", "put an IPv6 address in brackets")]
    [InlineData("[::1]514", "not a listen address")]
    [InlineData("[127.0.0.1]:514", "not an IPv6 address")]
    [InlineData("esa.example.com:514", "not an IP address")]
    [InlineData("10.1:514", "not an IP address")]
    public void BadValuesAreExplained(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => SyslogEndpoint.Parse(text)).Message, StringComparison.Ordinal);
}
