using EsaBridge.Cli;
using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Cli;

/// <summary>
/// The start-up warm-up of <c>esabridge parse</c> runs the embedded sample log through the parser, the sessionizer and
/// the document writer: it must find its sample and get every document out of it (else it compiles less than it should).
/// </summary>
public sealed class HotPathWarmUpTests
{
    [Fact]
    public void Runs_the_whole_sample_through_the_pipeline()
    {
        Assert.Equal(35, HotPathWarmUp.Run());
    }
}
