using EsaBridge.Outputs.Splunk;

namespace EsaBridge.Tests.Outputs.Splunk;

/// <summary>Which HEC answers are refused credentials: the token codes, whatever HTTP status they come with.</summary>
public sealed class HecReplyTests
{
    [Theory]
    [InlineData(403, """{"text":"Invalid token","code":4}""")]
    [InlineData(403, """{"text":"Token disabled","code":1}""")]
    [InlineData(401, """{"text":"Token is required","code":2}""")]
    [InlineData(400, """{"text":"Invalid token","code":21}""")]
    [InlineData(400, """{"text":"Token disabled","code":22}""")]
    public void TokenRefusalsAreAuthenticationFailuresWhateverTheirStatus(int status, string body)
    {
        var reply = HecReply.Read(status, System.Text.Encoding.UTF8.GetBytes(body), null);

        Assert.True(reply.IsAuthFailure, reply.Describe());
    }

    [Theory]
    [InlineData("""{"text":"Incorrect index","code":7,"invalid-event-number":0}""")]
    [InlineData("""{"text":"Invalid data format","code":6,"invalid-event-number":3}""")]
    public void EventAndIndexRefusalsAreNot(string body)
    {
        var reply = HecReply.Read(400, System.Text.Encoding.UTF8.GetBytes(body), null);

        Assert.False(reply.IsAuthFailure, reply.Describe());
    }
}
