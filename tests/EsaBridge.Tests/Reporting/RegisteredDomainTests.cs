using EsaBridge.Reporting;

namespace EsaBridge.Tests.Reporting;

public class RegisteredDomainTests
{
    [Theory]
    [InlineData("mail.example.com", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("a.b.example.co.uk", "example.co.uk")]
    [InlineData("mx.example.com.au", "example.com.au")]
    [InlineData("mx01.relay.example.ne.jp", "example.ne.jp")]
    [InlineData("mail.abc.de", "abc.de")]
    [InlineData("ns.example.com.", "example.com")]
    [InlineData("MAIL.Example.COM", "example.com")]
    [InlineData("localhost", "localhost")]
    [InlineData("192.0.2.10", "192.0.2.10")]
    public void Reduces_a_host_to_its_registered_domain(string host, string expected) =>
        Assert.Equal(expected, RegisteredDomain.Of(host));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Has_no_domain_without_a_host(string? host) => Assert.Null(RegisteredDomain.Of(host));
}
